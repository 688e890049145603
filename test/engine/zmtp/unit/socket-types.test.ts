// Socket-type semantics between two zmtp sockets: XPUB verbosity, REQ/REP envelopes and
// state, ROUTER identities, PAIR's single peer, DEALER round-robin.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createZmtpEngine } from "../../../../src/engine/zmtp/index.ts";
import { hasCode } from "../../../../src/engine/errors.ts";
import type { SocketOptions, SocketType, ZSocket } from "../../../../src/engine/types.ts";
import { receiveWithin, texts } from "../helpers/bounded.ts";
import { Cleanup } from "../../../helpers/cleanup.ts";
import { eventually } from "../../../helpers/eventually.ts";

const engine = createZmtpEngine();

async function pair(
  c: Cleanup,
  bindType: SocketType,
  connectType: SocketType,
  bindOpts: SocketOptions = {},
  connectOpts: SocketOptions = {},
): Promise<[ZSocket, ZSocket]> {
  const a = c.add(engine.socket(bindType, { linger: 0, ...bindOpts }));
  const b = c.add(engine.socket(connectType, { linger: 0, ...connectOpts }));
  await b.connect(await a.bind("tcp://127.0.0.1:0"));
  return [a, b];
}

describe("zmtp socket types", () => {
  for (
    const [verbosity, expected] of [
      [null, ["\x01A", "\x00A"]],
      ["allSubs", ["\x01A", "\x01A", "\x00A"]],
      ["allSubsUnsubs", ["\x01A", "\x01A", "\x00A", "\x00A"]],
    ] as const
  ) {
    it(`socket types - XPUB verbosity ${verbosity}: two SUBs subscribing and leaving give ${expected.length} messages`, async () => {
      const c = new Cleanup();
      try {
        const xpub = c.add(engine.socket("xpub", { linger: 0, verbosity, receiveTimeout: 300 }));
        const ep = await xpub.bind("tcp://127.0.0.1:0");
        const subs = [engine.socket("sub", { linger: 0 }), engine.socket("sub", { linger: 0 })];
        // Every subscription and cancel an XPUB reads counts as a message in on its connection.
        const commandsIn = () => (xpub.counters().connections ?? []).reduce((n, r) => n + r.messagesIn, 0);
        for (const s of subs) {
          c.add(s);
          s.subscribe("A");
          await s.connect(ep);
          const n = subs.indexOf(s) + 1;
          await eventually(() => xpub.counters().connects === n, 2000, "the subscriber");
          await eventually(() => commandsIn() === n, 2000, `subscription ${n} at the XPUB`);
        }
        subs[0].unsubscribe("A");
        await eventually(() => commandsIn() === 3, 2000, "the cancel at the XPUB");
        subs[1].close();
        const got: string[] = [];
        for (let i = 0; i < 10; i++) {
          try {
            got.push(texts(await xpub.receive())[0]);
          } catch (e) {
            assert.ok(hasCode(e, "EAGAIN"), String(e));
            break;
          }
        }
        assert.deepEqual(got, expected);
      } finally {
        await c.run();
      }
    });
  }

  it("socket types - REQ/REP: envelope round trip, and EFSM out of turn", async () => {
    const c = new Cleanup();
    try {
      const [rep, req] = await pair(c, "rep", "req");
      await assert.rejects(req.receive(), (e) => hasCode(e, "EFSM"));
      await assert.rejects(rep.send("x"), (e) => hasCode(e, "EFSM"));
      await req.send(["q", "2"]);
      await assert.rejects(req.send("again"), (e) => hasCode(e, "EFSM"));
      assert.deepEqual(texts(await receiveWithin(rep)), ["q", "2"]);
      await rep.send("a");
      assert.deepEqual(texts(await receiveWithin(req)), ["a"]);
      await req.send("next");
      assert.deepEqual(texts(await receiveWithin(rep)), ["next"]);
    } finally {
      await c.run();
    }
  });

  it("socket types - ROUTER gives 5-byte ids (0x00 + counter) to peers without identity and uses set ones", async () => {
    const c = new Cleanup();
    try {
      const [router, d1] = await pair(c, "router", "dealer");
      const d2 = c.add(engine.socket("dealer", { linger: 0, routingId: "named" }));
      await d2.connect(await router.bind("tcp://127.0.0.1:0"));
      await d1.send("from1");
      const m1 = await receiveWithin(router);
      assert.equal(m1[0].length, 5);
      assert.equal(m1[0][0], 0);
      assert.equal(m1[1].toString(), "from1");
      await d2.send("from2");
      assert.deepEqual(texts(await receiveWithin(router)), ["named", "from2"]);
      await router.send([m1[0], "back1"]);
      await router.send(["named", "back2"]);
      await router.send(["nobody", "lost"]);
      assert.deepEqual(texts(await receiveWithin(d1)), ["back1"]);
      assert.deepEqual(texts(await receiveWithin(d2)), ["back2"]);
    } finally {
      await c.run();
    }
  });

  it("socket types - a PAIR refuses a second peer", async () => {
    const c = new Cleanup();
    try {
      const [a, b] = await pair(c, "pair", "pair");
      await b.send("hi");
      assert.deepEqual(texts(await receiveWithin(a)), ["hi"]);
      const intruder = c.add(engine.socket("pair", { linger: 0 }));
      const ep = await a.bind("tcp://127.0.0.1:0");
      await intruder.connect(ep);
      await eventually(() => (a.counters().handshakeFailures ?? 0) >= 1, 2000, "the second peer to be refused");
      await a.send("only b");
      assert.deepEqual(texts(await receiveWithin(b)), ["only b"]);
    } finally {
      await c.run();
    }
  });

  it("socket types - DEALER round-robins over its peers", async () => {
    const c = new Cleanup();
    try {
      const dealer = c.add(engine.socket("dealer", { linger: 0 }));
      const routers = [c.add(engine.socket("router", { linger: 0 })), c.add(engine.socket("router", { linger: 0 }))];
      for (const r of routers) await dealer.connect(await r.bind("tcp://127.0.0.1:0"));
      await eventually(() => routers.every((r) => r.counters().peers === 1), 2000, "both connections");
      for (let i = 0; i < 4; i++) await dealer.send(String(i));
      const a = [texts(await receiveWithin(routers[0]))[1], texts(await receiveWithin(routers[0]))[1]];
      const b = [texts(await receiveWithin(routers[1]))[1], texts(await receiveWithin(routers[1]))[1]];
      assert.deepEqual([...a, ...b].sort(), ["0", "1", "2", "3"]);
      assert.notDeepEqual(a, ["0", "1"], "not all to the first peer");
    } finally {
      await c.run();
    }
  });

  it("socket types - an XSUB forwards subscriptions upstream and filters what comes back", async () => {
    const c = new Cleanup();
    try {
      const [xpub, xsub] = await pair(c, "xpub", "xsub");
      await xsub.send(Uint8Array.from([1, 0x6b]));
      assert.deepEqual([...(await receiveWithin(xpub))[0]], [1, 0x6b]);
      await xpub.send("other");
      await xpub.send("k1");
      assert.deepEqual(texts(await receiveWithin(xsub)), ["k1"]);
    } finally {
      await c.run();
    }
  });
});
