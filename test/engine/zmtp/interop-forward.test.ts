// forward() against real libzmq (zeromq.js; Node only, skipped with the reason elsewhere):
// libzmq PUB → zmtp xsub.forward(zmtp xpub) → libzmq SUB, with subscriptions relayed up by a
// small loop (xpub.receive() → xsub.send()) as the bus does. Checks that what libzmq encodes
// crosses the engine whole and in order per publisher, that topic filtering holds (at the
// libzmq publishers, the xsub and the xpub), and that a 300 KiB message, which spans many TCP
// chunks, arrives intact among small ones.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Engine, Forwarding, ZSocket } from "../../../src/engine/types.ts";
import { loadEngineOrSkip } from "./helpers/zmtp-engine.ts";
import { libzmqSide, loadZeromqOrSkip, sendUntilReceived, type Side } from "./helpers/interop-sides.ts";
import { texts, within } from "./helpers/bounded.ts";
import type { Cleanup } from "../../helpers/cleanup.ts";
import { withCleanup } from "../../helpers/cleanup.ts";
import { seededBytes } from "./helpers/zmtp-wire.ts";

const under = await loadEngineOrSkip("zmtp");
const lib = await loadZeromqOrSkip();
const skip = under.skip || lib.skip;
const T = { timeout: 60_000 };

/** Relays subscriptions up as the bus does, until a socket closes. */
async function relay(xpub: ZSocket, xsub: ZSocket): Promise<void> {
  for (let i = 0; i < 100_000; i++) {
    try {
      await xsub.send(await xpub.receive());
    } catch {
      return; // closed at the end of the test
    }
  }
}

interface Setup {
  f: Forwarding;
  xpub: ZSocket;
  pubs: Side[];
  subs: Side[];
}

/** zmtp xsub.forward(xpub) on OS-chosen ports, `nPubs` libzmq PUBs on the xsub, one libzmq SUB per topic list on the xpub. */
async function setup(
  c: Cleanup,
  engine: Engine,
  zmq: typeof import("zeromq"),
  nPubs: number,
  subTopics: string[][],
): Promise<Setup> {
  const xsub = c.add(engine.socket("xsub", { linger: 0 }));
  const xpub = c.add(engine.socket("xpub", { linger: 0, sendHighWaterMark: 0 }));
  const upAt = await within(xsub.bind("tcp://127.0.0.1:0"), 3000, "xsub bind");
  const downAt = await within(xpub.bind("tcp://127.0.0.1:0"), 3000, "xpub bind");
  void relay(xpub, xsub);
  const f = xsub.forward!(xpub);
  const pubs: Side[] = [];
  for (let k = 0; k < nPubs; k++) {
    const p = c.add(libzmqSide(zmq, "pub", { sendHighWaterMark: 0 }));
    await p.connect(upAt);
    pubs.push(p);
  }
  const subs: Side[] = [];
  for (const topics of subTopics) {
    const s = c.add(libzmqSide(zmq, "sub", { receiveHighWaterMark: 0 }));
    for (const t of topics) s.subscribe(t);
    await s.connect(downAt);
    subs.push(s);
  }
  // Every subscription has reached every publisher once a probe on it went through...
  for (let j = 0; j < subs.length; j++) {
    for (const t of subTopics[j]) {
      for (let k = 0; k < pubs.length; k++) {
        await sendUntilReceived(
          pubs[k],
          subs[j],
          [`${t}~probe`, String(k)],
          5000,
          (m) => texts(m).join(" ") === `${t}~probe ${k}`,
        );
      }
    }
  }
  // ...and no probe is in flight once each sub has the last marker of every publisher.
  const all = [...new Set(subTopics.flat())];
  for (let k = 0; k < pubs.length; k++) {
    for (const t of all) await within(pubs[k].send([`${t}~final`, String(k)]), 2000, "a marker");
  }
  for (let j = 0; j < subs.length; j++) {
    const want = new Set<string>();
    for (const t of all) {
      if (subTopics[j].some((s) => `${t}~final`.startsWith(s))) {
        for (let k = 0; k < pubs.length; k++) want.add(`${t}~final ${k}`);
      }
    }
    for (let r = 0; want.size > 0; r++) {
      if (r > 100_000) throw new Error("too many probes");
      want.delete(texts(await within(subs[j].receive(), 3000, `markers at sub ${j}: ${[...want]}`)).join(" "));
    }
  }
  return { f, xpub, pubs, subs };
}

/** Message `i` of publisher `k`: 1 to 3 frames, long frames (> 255 bytes) and empty ones among them. */
function msg(k: number, i: number): string[] {
  const m = [`${"ABCD"[i % 4]}.${k}.${i}`];
  if (i % 3 >= 1) m.push("0123456789".repeat(((i * 37) % 700) / 10 | 0));
  if (i % 3 === 2) m.push(i % 2 ? "" : "end");
  return m;
}

/** Messages the xpub wrote to its subs' connections. */
const wireOut = (x: ZSocket) => x.counters().connections!.filter((c) => c.open).reduce((a, c) => a + c.messagesOut, 0);
const bodyBytes = (m: string[]) => m.reduce((a, f) => a + Buffer.byteLength(f), 0);

async function receiveN(s: Side, n: number, what: string): Promise<string[][]> {
  const out: string[][] = [];
  for (let i = 0; i < n; i++) out.push(texts(await within(s.receive(), 5000, `${what}: message ${i + 1} of ${n}`)));
  return out;
}

describe("zmtp forward() between libzmq publishers and subscribers", { skip }, () => {
  const engine = under.engine!;
  const zmq = lib.zmq!;

  for (const withAll of [true, false]) {
    const subs = withAll ? [["A", "C"], [""]] : [["A", "C"]];
    it(
      `interop forward - 2 libzmq pubs x 500 multipart messages, libzmq subs on ${
        subs.map((t) => JSON.stringify(t)).join(" and ")
      }: whole, in order, filtered`,
      T,
      () =>
        withCleanup(async (c) => {
          const s = await setup(c, engine, zmq, 2, subs);
          const m0 = s.f.messages, b0 = s.f.bytes, w0 = wireOut(s.xpub), out0 = s.xpub.counters().messagesOut;
          const n = 500;
          for (let i = 0; i < n; i++) {
            for (let k = 0; k < 2; k++) await within(s.pubs[k].send(msg(k, i)), 2000, "a libzmq send");
          }
          const filtered = (m: string[]) => m[0].startsWith("A") || m[0].startsWith("C");
          let delivered = 0;
          for (let j = 0; j < subs.length; j++) {
            const keep = subs[j].includes("") ? () => true : filtered;
            const want = [0, 1].map((k) => Array.from({ length: n }, (_, i) => msg(k, i)).filter(keep));
            const got = await receiveN(s.subs[j], want[0].length + want[1].length, `sub on ${JSON.stringify(subs[j])}`);
            for (const k of [0, 1]) {
              assert.deepEqual(got.filter((m) => m[0].split(".")[1] === String(k)), want[k], `sub ${j}, pub ${k}`);
            }
            delivered += got.length;
          }
          // libzmq subs filter again on receipt: the xpub's own counts show it sent each only its topics.
          assert.equal(wireOut(s.xpub) - w0, delivered, "messages the xpub wrote to the subs");
          // With a sub on everything the xsub takes every message; without, the libzmq publishers filter.
          const forwarded = [0, 1].flatMap((k) => Array.from({ length: n }, (_, i) => msg(k, i))).filter(
            withAll ? () => true : filtered,
          );
          assert.equal(s.f.messages - m0, forwarded.length, "Forwarding.messages");
          assert.equal(
            s.f.bytes - b0,
            forwarded.reduce((a, m) => a + bodyBytes(m), 0),
            "Forwarding.bytes",
          );
          assert.equal(s.xpub.counters().messagesOut - out0, forwarded.length, "the xpub's messagesOut");
        }),
    );
  }

  it(
    "interop forward - a 300 KiB message (single and in a multipart) arrives intact among small ones, in order",
    T,
    () =>
      withCleanup(async (c) => {
        const s = await setup(c, engine, zmq, 1, [[""]]);
        const m0 = s.f.messages, out0 = s.xpub.counters().messagesOut;
        const seq: Buffer[][] = [];
        for (let r = 0; r < 3; r++) {
          seq.push([Buffer.from(`small ${r}.0`)]);
          seq.push([Buffer.concat([Buffer.from(`big ${r} `), seededBytes(r + 1, 300 * 1024)])]);
          seq.push([Buffer.from(`small ${r}.1`), seededBytes(r + 10, 500)]);
          seq.push([Buffer.from(`multi ${r}`), seededBytes(r + 20, 300 * 1024), Buffer.from("tail")]);
          for (let i = 0; i < 20; i++) seq.push([Buffer.from(`small ${r}.${i + 2}`)]);
        }
        for (const m of seq) await within(s.pubs[0].send(m), 2000, "a libzmq send");
        for (let i = 0; i < seq.length; i++) {
          const got = await within(s.subs[0].receive(), 5000, `message ${i}`);
          assert.equal(got.length, seq[i].length, `frames of message ${i}`);
          for (let j = 0; j < got.length; j++) {
            assert.ok(
              Buffer.from(got[j]).equals(seq[i][j]),
              `message ${i} frame ${j} (${seq[i][j].length} bytes) differs`,
            );
          }
        }
        assert.equal(s.f.messages - m0, seq.length);
        assert.equal(s.xpub.counters().messagesOut - out0, seq.length);
      }),
  );
});
