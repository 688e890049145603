// zmtp against libzmq 4.3.4 (pyzmq) where libzmq's habits hurt: PING/PONG between the frames
// of multipart messages (ZMQ_HEARTBEAT_IVL=100), heartbeats while the application does not
// receive, CURVE and PLAIN peers (named, reconnects backed off), and 4.3.4's SUBSCRIBE of a
// 250-byte topic without the LONG flag. Every message must arrive exactly, in order.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { SocketEvent, ZSocket } from "../../../src/engine/types.ts";
import { loadEngineOrSkip } from "./helpers/zmtp-engine.ts";
import { receiveWithin, sleep } from "./helpers/bounded.ts";
import type { Cleanup } from "../../helpers/cleanup.ts";
import { withCleanup } from "../../helpers/cleanup.ts";
import { eventually } from "../../helpers/eventually.ts";
import { type PyzmqConfig, PyzmqPeer, skipCurve, skipPyzmq } from "./helpers/pyzmq-peer.ts";

const under = await loadEngineOrSkip();
const skip = under.skip || skipPyzmq;
const heartbeat = { heartbeatInterval: 100, heartbeatTimeout: 1000 };

/** A zmtp socket whose events are recorded. */
function socketWithEvents(c: Cleanup, type: Parameters<NonNullable<typeof under.engine>["socket"]>[0], options = {}) {
  const s = c.add(under.engine!.socket(type, { linger: 0, ...options }));
  const events: SocketEvent[] = [];
  c.add({ close: s.onEvent((e) => events.push(e)) });
  return { s, events };
}

const faults = (events: SocketEvent[]) => events.filter((e) => e.type !== "connect");

async function startPeer(c: Cleanup, cfg: PyzmqConfig): Promise<PyzmqPeer> {
  const p = await PyzmqPeer.start(cfg);
  c.add({ close: () => p.close() });
  return p;
}

/** Receives until `n` messages passed `keep`; returns them. */
async function receiveKept(s: ZSocket, n: number, keep: (m: Buffer[]) => boolean, what: string): Promise<Buffer[][]> {
  const out: Buffer[][] = [];
  for (let i = 0; out.length < n && i < n + 100_000; i++) {
    const m = await receiveWithin(s, 10_000, `${what} #${out.length + 1}`);
    if (keep(m)) out.push(m);
  }
  return out;
}

describe("zmtp interop with pyzmq (libzmq 4.3.4)", { skip }, () => {
  it("interop pyzmq - a DEALER with heartbeats sends 1000 messages of 50 x 1 KiB frames: every one arrives whole", async () => {
    await withCleanup(async (c) => {
      const { s: router, events } = socketWithEvents(c, "router", heartbeat);
      const ep = await router.bind("tcp://127.0.0.1:0");
      const count = 1000;
      const peer = await startPeer(c, {
        type: "dealer",
        endpoint: ep,
        options: { HEARTBEAT_IVL: 100, HEARTBEAT_TIMEOUT: 3000 },
        messages: { count, frames: Array(50).fill(1024), topic: "m" },
      });
      peer.go();
      const got = await receiveKept(router, count, () => true, "a DEALER message");
      got.forEach((m, i) => {
        assert.equal(m.length, 51, `message ${i}: routing id and 50 frames`);
        assert.equal(m[1].toString(), `m${i}`, `message ${i} in order`);
        for (let k = 1; k < 50; k++) {
          assert.ok(m[k + 1].equals(Buffer.alloc(1024, 65 + ((i + k) % 26))), `message ${i} frame ${k}`);
        }
      });
      assert.deepEqual(faults(events), [], "no disconnect, handshake failure or protocol error");
    });
  });

  for (const via of ["a SUB", "an XSUB forwarding to an XPUB (the bus's path)"] as const) {
    it(`interop pyzmq - a PUB with heartbeats sends 10000 [topic, 4 KiB, 4 KiB] to ${via}: every one arrives whole`, async () => {
      await withCleanup(async (c) => {
        // Long enough (about a second) for many PINGs and PONGs to fall between frames.
        const count = 10_000;
        const peer = await startPeer(c, {
          type: "pub",
          endpoint: "tcp://127.0.0.1:0",
          bind: true,
          options: { HEARTBEAT_IVL: 100, HEARTBEAT_TIMEOUT: 3000, SNDHWM: 0 },
          sync: true,
          messages: { count, frames: [1, 4096, 4096], topic: "T" },
        });
        const { s: sub, events } = socketWithEvents(c, "sub", { ...heartbeat, receiveHighWaterMark: 0 });
        let watched = events;
        if (via === "a SUB") {
          sub.subscribe("T");
          sub.subscribe("sync");
          await sub.connect(peer.endpoint);
        } else {
          const x = socketWithEvents(c, "xsub", { ...heartbeat, receiveHighWaterMark: 0 });
          const xpub = c.add(under.engine!.socket("xpub", { linger: 0, sendHighWaterMark: 0 }));
          watched = x.events;
          const f = x.s.forward!(xpub);
          c.add({ close: () => f.stop() });
          sub.subscribe("T");
          sub.subscribe("sync");
          await sub.connect(await xpub.bind("tcp://127.0.0.1:0"));
          // The bus sends subscriptions up; here one subscription to everything does it.
          await eventually(() => (xpub.counters().peers ?? 0) === 1, 5000, "the SUB to reach the XPUB");
          await x.s.send(Buffer.from([1]));
          await x.s.connect(peer.endpoint);
        }
        assert.equal((await receiveWithin(sub, 10_000, "a sync"))[0].toString(), "sync");
        peer.go();
        const got = await receiveKept(sub, count, (m) => m[0].toString() !== "sync", "a PUB message").catch((e) => {
          throw new Error(`${e.message}; events ${JSON.stringify(watched)} ${JSON.stringify(events)}`);
        });
        got.forEach((m, i) => {
          assert.equal(m.length, 3, `message ${i}: three frames`);
          assert.equal(m[0].toString(), `T${i}`, `message ${i} in order`);
          assert.ok(
            m[1].equals(Buffer.alloc(4096, 65 + ((i + 1) % 26))) &&
              m[2].equals(Buffer.alloc(4096, 65 + ((i + 2) % 26))),
            `message ${i} bodies`,
          );
        });
        assert.deepEqual(faults(watched), [], "no disconnect, handshake failure or protocol error");
      });
    });
  }

  it("interop pyzmq - heartbeats while the application does not receive (queue at its HWM): the live PUSH peer is kept", async () => {
    await withCleanup(async (c) => {
      const { s: pull, events } = socketWithEvents(c, "pull", {
        heartbeatInterval: 100,
        heartbeatTimeout: 300,
        receiveHighWaterMark: 10,
      });
      const ep = await pull.bind("tcp://127.0.0.1:0");
      const count = 3000;
      const peer = await startPeer(c, { type: "push", endpoint: ep, messages: { count, frames: [1024], topic: "m" } });
      peer.go();
      await receiveWithin(pull, 10_000, "the first message");
      // The application stops receiving for many heartbeat timeouts; reading is held back meanwhile.
      await sleep(2000);
      const got = await receiveKept(pull, count - 1, () => true, "a PUSH message");
      got.forEach((m, i) => assert.equal(m[0].toString(), `m${i + 1}`, `message ${i + 1} in order`));
      assert.deepEqual(faults(events), [], "no disconnect");
      assert.equal(pull.counters().disconnects, 0);
      const conn = pull.counters().connections?.[0];
      assert.ok(
        conn && typeof conn.lastPongAt === "number" && Date.now() - conn.lastPongAt < 10_000,
        `lastPongAt is recent: ${conn?.lastPongAt}`,
      );
    });
  });

  for (const security of ["curve", "plain"] as const) {
    for (const binder of ["pyzmq", "zmtp"] as const) {
      const why = security === "curve" ? skipCurve() : false;
      it(
        `interop pyzmq - a ${security.toUpperCase()} PUB, ${binder} binding: a peer-refused event names the likely cause${
          binder === "pyzmq" ? ", reconnects back off" : ""
        }`,
        { skip: why },
        async () => {
          await withCleanup(async (c) => {
            const { s: sub, events } = socketWithEvents(c, "sub");
            sub.subscribe("");
            const started = Date.now();
            if (binder === "pyzmq") {
              const peer = await startPeer(c, { type: "pub", endpoint: "tcp://127.0.0.1:0", bind: true, security });
              await sub.connect(peer.endpoint);
            } else {
              const ep = await sub.bind("tcp://127.0.0.1:0");
              await startPeer(c, { type: "pub", endpoint: ep, security });
            }
            await eventually(() => events.some((e) => e.type === "peer-refused"), 10_000, "a peer-refused event").catch(
              (e) => {
                throw new Error(`${e.message}; events ${JSON.stringify(events)}`);
              },
            );
            const refused = events.find((e) => e.type === "peer-refused") as Extract<
              SocketEvent,
              { type: "peer-refused" }
            >;
            assert.equal(refused.code, "ZMTP_CLOSED_IN_GREETING");
            assert.equal(refused.count, 1);
            assert.equal(
              refused.reason,
              "the peer closed during the greeting, 1 time: most likely a security mechanism other than NULL (CURVE/PLAIN), which zmtp does not support",
            );
            const failures = events.filter((e) => e.type === "handshake-failure");
            assert.ok(
              failures.every((e) => e.type === "handshake-failure" && e.code === "ZMTP_CLOSED_IN_GREETING"),
              JSON.stringify(failures),
            );
            if (binder === "pyzmq") {
              // Dialling every 100-200 ms would be 15 or more in 3 s; doubling from 100 ms makes at most 6.
              await sleep(Math.max(0, 3000 - (Date.now() - started)));
              const dials = events.filter((e) => e.type === "handshake-failure").length;
              assert.ok(dials >= 2 && dials <= 7, `${dials} refused dials in 3 s`);
              const counts = events.flatMap((e) => (e.type === "peer-refused" ? [e.count] : []));
              assert.deepEqual(
                counts,
                [1, 2, 4].slice(0, counts.length),
                "told at the 1st, 2nd, 4th time, not at every retry",
              );
              assert.ok(counts.length >= 2);
            }
          });
        },
      );
    }
  }

  it("interop pyzmq - a 4.3.4 SUB's 250-byte topic (8-byte size, no LONG flag) is a subscription, not a protocol error", async () => {
    await withCleanup(async (c) => {
      const { s: pub, events } = socketWithEvents(c, "pub");
      const ep = await pub.bind("tcp://127.0.0.1:0");
      const topic = "t".repeat(250);
      const peer = await startPeer(c, { type: "sub", endpoint: ep, subscribe: [topic], receive: 1 });
      for (let i = 0; i < 500 && peer.lines("got").length === 0; i++) {
        await pub.send([`${"x".repeat(250)}`, "not for it"]);
        await pub.send([`${topic}!`, "for it"]);
        await sleep(20);
      }
      assert.equal(await peer.line("got", 5000), "got 2 257");
      assert.deepEqual(faults(events), [], "no protocol error, no reconnect");
      assert.equal(pub.counters().connects, 1);
    });
  });
});
