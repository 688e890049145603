// Receive and send rules of zmtp sockets: cancel-safe receive, one pending operation (EBUSY),
// timeouts (EAGAIN), close settling everything (EBADF).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createZmtpEngine } from "../../../../src/engine/zmtp/index.ts";
import { hasCode } from "../../../../src/engine/errors.ts";
import { receiveWithin, sleep, texts, within } from "../helpers/bounded.ts";
import { Cleanup } from "../../../helpers/cleanup.ts";
import { eventually } from "../../../helpers/eventually.ts";

const engine = createZmtpEngine();

async function pushPull(c: Cleanup, pullOpts = {}, pushOpts = {}) {
  const pull = c.add(engine.socket("pull", { linger: 0, ...pullOpts }));
  const push = c.add(engine.socket("push", { linger: 0, ...pushOpts }));
  const ep = await pull.bind("tcp://127.0.0.1:0");
  await push.connect(ep);
  return { pull, push };
}

describe("zmtp receive rules", () => {
  it("receive rules - an aborted receive never consumes a message: the next receive gets it", async () => {
    const c = new Cleanup();
    try {
      const { pull, push } = await pushPull(c);
      const ac = new AbortController();
      const pending = pull.receive({ signal: ac.signal });
      ac.abort(new Error("stop"));
      await assert.rejects(pending, /stop/);
      await push.send("kept");
      assert.deepEqual(texts(await receiveWithin(pull)), ["kept"]);
    } finally {
      await c.run();
    }
  });

  it("receive rules - abort racing delivery: every message is received exactly once", async () => {
    const c = new Cleanup();
    try {
      const { pull, push } = await pushPull(c);
      const n = 200;
      const sending = (async () => {
        for (let i = 0; i < n; i++) {
          await push.send(String(i));
          if (i % 7 === 0) await sleep(0);
        }
      })();
      const got: string[] = [];
      for (let round = 0; round < 20_000 && got.length < n; round++) {
        const ac = new AbortController();
        const p = pull.receive({ signal: ac.signal });
        // Abort at varying moments: at once, after a microtask, after a macrotask.
        if (round % 3 === 0) ac.abort();
        else if (round % 3 === 1) queueMicrotask(() => ac.abort());
        else setTimeout(() => ac.abort(), 0);
        try {
          got.push(texts(await p)[0]);
        } catch (e) {
          assert.equal((e as Error).name, "AbortError");
        }
      }
      await sending;
      assert.deepEqual(got, Array.from({ length: n }, (_, i) => String(i)));
    } finally {
      await c.run();
    }
  });

  it("receive rules - a second concurrent receive or send is refused with EBUSY", async () => {
    const c = new Cleanup();
    try {
      const { pull } = await pushPull(c);
      const first = pull.receive();
      await assert.rejects(pull.receive(), (e) => hasCode(e, "EBUSY"));
      const push = c.add(engine.socket("push", { linger: 0 }));
      const waiting = push.send("no peer yet");
      await assert.rejects(push.send("second"), (e) => hasCode(e, "EBUSY"));
      pull.close();
      push.close();
      await assert.rejects(first, (e) => hasCode(e, "EBADF"));
      await assert.rejects(waiting, (e) => hasCode(e, "EBADF"));
    } finally {
      await c.run();
    }
  });

  it("receive rules - receiveTimeout rejects with EAGAIN, and a later message still arrives", async () => {
    const c = new Cleanup();
    try {
      const { pull, push } = await pushPull(c, { receiveTimeout: 50 });
      await assert.rejects(within(pull.receive(), 3000, "EAGAIN"), (e) => hasCode(e, "EAGAIN"));
      await push.send("late");
      assert.deepEqual(texts(await receiveWithin(pull)), ["late"]);
    } finally {
      await c.run();
    }
  });

  it("receive rules - sendTimeout 0 with no peer rejects with EAGAIN at once", async () => {
    const c = new Cleanup();
    try {
      const push = c.add(engine.socket("push", { linger: 0, sendTimeout: 0 }));
      await assert.rejects(push.send("x"), (e) => hasCode(e, "EAGAIN"));
    } finally {
      await c.run();
    }
  });

  it("receive rules - operations on a closed socket reject with EBADF", async () => {
    const pull = engine.socket("pull");
    pull.close();
    assert.equal(pull.closed, true);
    await assert.rejects(pull.receive(), (e) => hasCode(e, "EBADF"));
    await assert.rejects(pull.bind("tcp://127.0.0.1:0"), (e) => hasCode(e, "EBADF"));
  });

  it("receive rules - wrong-direction operations are ENOTSUP", async () => {
    const c = new Cleanup();
    try {
      const pull = c.add(engine.socket("pull"));
      const push = c.add(engine.socket("push"));
      await assert.rejects(pull.send("x"), (e) => hasCode(e, "ENOTSUP"));
      await assert.rejects(push.receive(), (e) => hasCode(e, "ENOTSUP"));
      assert.throws(() => push.subscribe("x"), (e) => hasCode(e, "ENOTSUP"));
    } finally {
      await c.run();
    }
  });

  it("receive rules - counters count application messages and connection events", async () => {
    const c = new Cleanup();
    try {
      const { pull, push } = await pushPull(c);
      const events: string[] = [];
      c.add({ close: pull.onEvent((e) => events.push(e.type)) });
      await push.send(["ab", "c"]);
      await receiveWithin(pull);
      await eventually(() => pull.counters().peers === 1, 2000, "one peer");
      const k = pull.counters();
      assert.equal(k.messagesIn, 1);
      assert.equal(k.bytesIn, 3);
      assert.equal(k.connects, 1);
      assert.equal(k.connections?.length, 1);
      assert.equal(k.connections?.[0].peerSocketType, "PUSH");
      assert.equal(push.counters().messagesOut, 1);
      push.close();
      await eventually(() => pull.counters().disconnects === 1, 2000, "the disconnect to be counted");
      assert.ok(events.includes("disconnect"), `events: ${events}`);
    } finally {
      await c.run();
    }
  });
});
