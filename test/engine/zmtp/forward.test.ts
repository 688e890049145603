// forward() of the zmtp engine, over real TCP on loopback: zmtp pubs → xsub.forward(xpub) → subs,
// with subscriptions relayed up by a small loop (xpub.receive() → xsub.send(), as the bus does).
// Covers: whole multipart messages in order per publisher and exact counts; topic filtering on
// the run path (everyone on "") and the per-message path (filtered subscribers); messages larger
// than a TCP chunk; a burst past the connection's write limit (the queued path); drops at the
// xpub's high-water mark; the xsub's own filter (a raw ZMTP publisher that sends every topic);
// the API's rules (EBUSY, EINVAL, EBADF, ENOTSUP); stop(); messages queued before forward(); and
// closing the destination while forwarding.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { loadEngine } from "../../../src/engine/load.ts";
import { ZmqError } from "../../../src/engine/errors.ts";
import type { Engine, Forwarding, SocketOptions, ZSocket } from "../../../src/engine/types.ts";
import { sleep, tryReceive, within } from "./helpers/bounded.ts";
import type { Cleanup } from "../../helpers/cleanup.ts";
import { withCleanup } from "../../helpers/cleanup.ts";
import { eventually } from "../../helpers/eventually.ts";
import { RawPeer } from "./helpers/raw-peer.ts";
import { handshake, message as wireMessage } from "./helpers/zmtp-wire.ts";
import { portOf } from "./helpers/zmtp-engine.ts";

const engine: Engine = await loadEngine("zmtp");
const T = { timeout: 60_000 };

// ---- helpers ----

const code = (c: string) => (e: unknown) => e instanceof ZmqError && e.code === c;
const str = (m: Buffer[]) => m.map((f) => f.toString("latin1"));
const bodyBytes = (m: (string | Buffer)[]) => m.reduce((a, f) => a + Buffer.byteLength(f), 0);

/** Exactly `n` messages from `s` (receiveBatch, up to 1000 a call), all within `ms`. */
async function take(s: ZSocket, n: number, ms: number, what: string): Promise<Buffer[][]> {
  const out: Buffer[][] = [];
  const deadline = Date.now() + ms;
  for (let calls = 0; out.length < n; calls++) {
    const left = deadline - Date.now();
    if (left <= 0 || calls > n) throw new Error(`${what}: got ${out.length} of ${n} within ${ms} ms`);
    const ac = new AbortController();
    const t = setTimeout(() => ac.abort(), left);
    try {
      for (const m of await s.receiveBatch(Math.min(1000, n - out.length), { signal: ac.signal })) out.push(m);
    } catch (e) {
      if (ac.signal.aborted) throw new Error(`${what}: got ${out.length} of ${n} within ${ms} ms`);
      throw e;
    } finally {
      clearTimeout(t);
    }
  }
  return out;
}

/** Relays subscriptions up as the bus does (xpub.receive() → xsub.send()) until a socket closes. */
async function relay(xpub: ZSocket, xsub: ZSocket): Promise<void> {
  for (let i = 0; i < 100_000; i++) {
    let m: Buffer[];
    try {
      m = await xpub.receive();
      await xsub.send(m);
    } catch {
      return; // closed at the end of the test
    }
  }
}

interface Proxy {
  xsub: ZSocket;
  xpub: ZSocket;
  upAt: string;
  downAt: string;
}

/** An xsub and an xpub on OS-chosen ports with subscriptions relayed up; closed by `c`. */
async function proxy(
  c: Cleanup,
  xsubOpts: SocketOptions = {},
  xpubOpts: SocketOptions = {},
  relayed = true,
): Promise<Proxy> {
  const xsub = c.add(engine.socket("xsub", { linger: 0, ...xsubOpts }));
  const xpub = c.add(engine.socket("xpub", { linger: 0, sendHighWaterMark: 0, ...xpubOpts }));
  assert.equal(typeof xsub.forward, "function", "the zmtp engine has forward()");
  const upAt = await within(xsub.bind("tcp://127.0.0.1:0"), 3000, "xsub bind");
  const downAt = await within(xpub.bind("tcp://127.0.0.1:0"), 3000, "xpub bind");
  if (relayed) void relay(xpub, xsub);
  return { xsub, xpub, upAt, downAt };
}

async function pubs(c: Cleanup, at: string, n: number, opts: SocketOptions = {}): Promise<ZSocket[]> {
  const out: ZSocket[] = [];
  for (let i = 0; i < n; i++) {
    const p = c.add(engine.socket("pub", { linger: 0, sendHighWaterMark: 0, ...opts }));
    await p.connect(at);
    out.push(p);
  }
  return out;
}

async function sub(c: Cleanup, at: string, topic: string, opts: SocketOptions = {}): Promise<ZSocket> {
  const s = c.add(engine.socket("sub", { linger: 0, receiveHighWaterMark: 0, ...opts }));
  await s.connect(at);
  s.subscribe(topic);
  return s;
}

/**
 * Waits until every sub's subscription (`topics[j]` for `subs[j]`) has reached every pub, by
 * probing; then flushes: each pub sends a final marker per topic and each sub reads until it has
 * every marker it matches, so that no probe is in flight afterwards (counters are then stable).
 */
async function settle(pubList: ZSocket[], subs: ZSocket[], topics: string[]): Promise<void> {
  for (let j = 0; j < subs.length; j++) {
    const need = new Set(pubList.map((_, k) => k));
    for (let round = 0; need.size > 0; round++) {
      if (round >= 300) throw new Error(`sub ${j} (${JSON.stringify(topics[j])}) got no probe from pubs ${[...need]}`);
      for (const k of need) await pubList[k].send([`${topics[j]}~probe`, String(k)]);
      for (
        let m = await tryReceive(subs[j], 20), r = 0;
        m !== null && r < 10_000;
        m = await tryReceive(subs[j], 5), r++
      ) {
        if (m[0].toString() === `${topics[j]}~probe`) need.delete(Number(m[1].toString()));
      }
    }
  }
  const uniq = [...new Set(topics)];
  for (let k = 0; k < pubList.length; k++) for (const t of uniq) await pubList[k].send([`${t}~final`, String(k)]);
  for (let j = 0; j < subs.length; j++) {
    const want = new Set<string>();
    for (const t of uniq) {
      if (`${t}~final`.startsWith(topics[j])) { for (let k = 0; k < pubList.length; k++) want.add(`${t}~final ${k}`); }
    }
    for (let r = 0; want.size > 0; r++) {
      if (r > 100_000) throw new Error("settle: too many messages");
      const m = await within(subs[j].receive(), 3000, `final markers at sub ${j}: ${[...want]}`);
      if (m.length === 2) want.delete(`${m[0].toString()} ${m[1].toString()}`);
    }
  }
}

/** A message of 1 to 3 frames from pub `k`, number `i`: sizes cross 255 (long frames) and include empty frames. */
function message(k: number, i: number, topic = `p${k}.`): string[] {
  const m = [`${topic}${i}`];
  if (i % 3 >= 1) m.push("abcdefghij".repeat(((i * 37) % 600) / 10 | 0));
  if (i % 3 === 2) m.push(String(i).repeat(i % 5));
  return m;
}

/** Deterministic bytes of `size` (so that a wrong or shifted copy is seen). */
function pattern(size: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

const connOut = (s: ZSocket) => s.counters().connections!.filter((c) => c.open).reduce((a, c) => a + c.messagesOut, 0);
const connIn = (s: ZSocket) => s.counters().connections!.filter((c) => c.open).reduce((a, c) => a + c.messagesIn, 0);

describe("zmtp forward()", () => {
  it(
    "forward - 3 pubs x 2000 messages of 1-3 frames cross whole, in order per pub, counted exactly",
    T,
    () =>
      withCleanup(async (c) => {
        const { xsub, xpub, upAt, downAt } = await proxy(c);
        const f = xsub.forward!(xpub);
        const ps = await pubs(c, upAt, 3);
        const s = await sub(c, downAt, "");
        await settle(ps, [s], [""]);
        const m0 = f.messages, b0 = f.bytes, xs0 = xsub.counters(), xp0 = xpub.counters();
        const n = 2000;
        let bytes = 0;
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < ps.length; k++) {
            const m = message(k, i);
            bytes += bodyBytes(m);
            await ps[k].send(m);
          }
          if (i % 250 === 0) await sleep(1);
        }
        const got = (await take(s, n * ps.length, 20_000, "the messages")).map(str);
        for (let k = 0; k < ps.length; k++) {
          const mine = got.filter((m) => m[0].startsWith(`p${k}.`));
          assert.deepEqual(mine, Array.from({ length: n }, (_, i) => message(k, i)), `pub ${k}'s messages`);
        }
        assert.equal(await tryReceive(s, 50), null, "nothing more");
        assert.equal(f.messages - m0, n * ps.length, "Forwarding.messages");
        assert.equal(f.bytes - b0, bytes, "Forwarding.bytes");
        const xs = xsub.counters(), xp = xpub.counters();
        assert.equal(xs.messagesIn - xs0.messagesIn, n * ps.length, "xsub messagesIn");
        assert.equal(xs.bytesIn - xs0.bytesIn, bytes, "xsub bytesIn");
        assert.equal(xp.messagesOut - xp0.messagesOut, n * ps.length, "xpub messagesOut");
        assert.equal(xp.bytesOut - xp0.bytesOut, bytes, "xpub bytesOut");
        assert.equal(xp.drops, 0);
      }),
  );

  it(
    'forward - topics: everyone on "" (run path), then filtered subs join (per-message path): each gets exactly its topics',
    T,
    () =>
      withCleanup(async (c) => {
        const { xsub, xpub, upAt, downAt } = await proxy(c);
        const f = xsub.forward!(xpub);
        const ps = await pubs(c, upAt, 2);
        const all1 = await sub(c, downAt, "");
        const all2 = await sub(c, downAt, "");
        await settle(ps, [all1, all2], ["", ""]);
        const topicOf = (i: number) => ["a.", "b.", "c."][i % 3];
        const n = 600;
        const batch = async (tag: string) => {
          for (let i = 0; i < n; i++) {
            for (let k = 0; k < ps.length; k++) await ps[k].send(message(k, i, `${topicOf(i)}${tag}${k}.`));
          }
        };
        const expect = (tag: string, prefix: string, k: number) =>
          Array.from({ length: n }, (_, i) => message(k, i, `${topicOf(i)}${tag}${k}.`)).filter((m) =>
            m[0].startsWith(prefix)
          );
        // A zmtp sub filters again on receipt: what crossed its wire (its connection's messagesIn)
        // shows that the xpub sent each sub only its topics.
        const wire = new Map<ZSocket, number>();
        const mark = (...subs: ZSocket[]) => {
          for (const s of subs) wire.set(s, connIn(s));
        };
        const check = async (s: ZSocket, tag: string, prefix: string, what: string) => {
          const want = [0, 1].map((k) => expect(tag, prefix, k));
          const got = (await take(s, want[0].length + want[1].length, 15_000, what)).map(str);
          assert.equal(connIn(s) - wire.get(s)!, got.length, `${what}: messages that crossed its connection`);
          for (const k of [0, 1]) {
            assert.deepEqual(got.filter((m) => m[0].slice(2).startsWith(`${tag}${k}.`)), want[k], `${what}, pub ${k}`);
          }
          assert.equal(await tryReceive(s, 30), null, `${what}: nothing more`);
        };
        const m0 = f.messages;
        mark(all1, all2);
        await batch("A");
        await check(all1, "A", "", "first all-topics sub, run path");
        await check(all2, "A", "", "second all-topics sub, run path");
        assert.equal(f.messages - m0, 2 * n);

        const onA = await sub(c, downAt, "a.");
        const onB = await sub(c, downAt, "b.");
        await settle(ps, [all1, all2, onA, onB], ["", "", "a.", "b."]);
        const m1 = f.messages;
        mark(all1, all2, onA, onB);
        await batch("B");
        await check(all1, "B", "", "all-topics sub, with filtered subs present");
        await check(all2, "B", "", "second all-topics sub, with filtered subs present");
        await check(onA, "B", "a.", "sub on a.");
        await check(onB, "B", "b.", "sub on b.");
        assert.equal(f.messages - m1, 2 * n, "every message is forwarded once, whatever the number of subs");
      }),
  );

  it(
    "forward - only filtered subs (a. and b.): each gets exactly its topics, c. is forwarded to nobody",
    T,
    () =>
      withCleanup(async (c) => {
        const { xsub, xpub, upAt, downAt } = await proxy(c);
        const f = xsub.forward!(xpub);
        const ps = await pubs(c, upAt, 2);
        const onA = await sub(c, downAt, "a.");
        const onB = await sub(c, downAt, "b.");
        await settle(ps, [onA, onB], ["a.", "b."]);
        const m0 = f.messages;
        const wireA = connIn(onA), wireB = connIn(onB);
        const n = 900;
        const topicOf = (i: number) => ["a.", "b.", "c."][i % 3];
        for (let i = 0; i < n; i++) for (let k = 0; k < 2; k++) await ps[k].send(message(k, i, `${topicOf(i)}${k}.`));
        for (const [s, t] of [[onA, "a."], [onB, "b."]] as const) {
          const got = (await take(s, 2 * (n / 3), 15_000, `sub on ${t}`)).map(str);
          for (let k = 0; k < 2; k++) {
            const want = Array.from({ length: n }, (_, i) => message(k, i, `${topicOf(i)}${k}.`)).filter((m) =>
              m[0].startsWith(t)
            );
            assert.deepEqual(got.filter((m) => m[0].startsWith(`${t}${k}.`)), want, `sub on ${t}, pub ${k}`);
          }
          assert.equal(await tryReceive(s, 30), null, `sub on ${t}: nothing more`);
          assert.equal(
            connIn(s) - (s === onA ? wireA : wireB),
            got.length,
            `sub on ${t}: only its topics crossed its connection`,
          );
        }
        assert.equal(f.messages - m0, 2 * 2 * (n / 3), "c. is not forwarded: nobody subscribed to it");
      }),
  );

  it(
    "forward - messages larger than a TCP chunk (200 KiB, 1 MiB, 100 KiB middle frame) arrive intact among small ones, in order",
    T,
    () =>
      withCleanup(async (c) => {
        const { xsub, xpub, upAt, downAt } = await proxy(c);
        const f = xsub.forward!(xpub);
        const [p] = await pubs(c, upAt, 1);
        const all = await sub(c, downAt, "");
        const big = await sub(c, downAt, "L");
        await settle([p], [all, big], ["", "L"]);
        const m0 = f.messages, b0 = f.bytes;
        const seq: Buffer[][] = [];
        for (let r = 0; r < 3; r++) {
          seq.push([Buffer.from(`s${r}.0`)]);
          seq.push([Buffer.from(`L${r}.200k`), pattern(200 * 1024, r * 10 + 1)]);
          seq.push([Buffer.from(`s${r}.1`), pattern(300, r)]);
          seq.push([pattern(1024 * 1024, r * 10 + 2).fill(0x4c, 0, 1)]); // "L" first: one 1 MiB frame
          seq.push([Buffer.from(`s${r}.2`)]);
          seq.push([Buffer.from(`L${r}.multi`), pattern(100 * 1024, r * 10 + 3), Buffer.from("tail")]);
          for (let i = 0; i < 50; i++) seq.push([Buffer.from(`s${r}.small${i}`), pattern(i * 7, i)]);
        }
        for (const m of seq) await p.send(m);
        const same = (got: Buffer[][], want: Buffer[][], what: string) => {
          assert.equal(got.length, want.length, `${what}: count`);
          for (let i = 0; i < want.length; i++) {
            assert.equal(got[i].length, want[i].length, `${what}: frames of message ${i}`);
            for (let j = 0; j < want[i].length; j++) {
              assert.ok(
                got[i][j].equals(want[i][j]),
                `${what}: message ${i} frame ${j} (${want[i][j].length} bytes) differs`,
              );
            }
          }
        };
        same(await take(all, seq.length, 20_000, "all messages"), seq, 'sub on ""');
        const bigOnes = seq.filter((m) => m[0][0] === 0x4c);
        same(await take(big, bigOnes.length, 20_000, "large messages"), bigOnes, "sub on L");
        assert.equal(f.messages - m0, seq.length);
        assert.equal(f.bytes - b0, seq.reduce((a, m) => a + bodyBytes(m), 0));
        assert.equal(await tryReceive(all, 30), null);
      }),
  );

  it(
    "forward - a burst (60,000 x 1 KiB) past the 1 MiB write limit waits in the pipe and arrives complete and in order",
    T,
    () =>
      withCleanup(async (c) => {
        const { xsub, xpub, upAt, downAt } = await proxy(c);
        const f = xsub.forward!(xpub);
        const [p] = await pubs(c, upAt, 1);
        const s = await sub(c, downAt, "", { receiveHighWaterMark: 1000 });
        await settle([p], [s], [""]);
        const m0 = f.messages;
        const out0 = xpub.counters().messagesOut;
        const w0 = connOut(xpub), r0 = connIn(s);
        // 60 MiB: more than the loopback socket buffers take (up to ~36 MiB with Linux's default
        // tcp_rmem/tcp_wmem maxima) plus the 1 MiB write limit, so that some must wait in the pipe.
        const n = 60_000;
        const body = (i: number) => {
          const b = Buffer.alloc(1024, i % 251);
          b.writeUInt32BE(i, 0);
          return b;
        };
        for (let i = 0; i < n; i++) {
          await p.send(body(i));
          if (i % 2000 === 0) await sleep(1);
        }
        // The sub reads only once all is forwarded: what its TCP buffers and the 1 MiB limit cannot
        // hold waits in the xpub's pipe (forwarded and handed to the connection, not yet written).
        // Handed but not read by the sub's connection (which stops at its receive HWM) is in one of
        // those places; more than the buffers and the limit hold means the pipe held some.
        let inFlight = 0;
        await eventually(
          () => {
            inFlight = Math.max(inFlight, connOut(xpub) - w0 - (connIn(s) - r0));
            return f.messages - m0 === n;
          },
          20_000,
          "the burst to be forwarded",
        );
        assert.equal(
          connOut(xpub) - w0,
          n,
          "the xpub's connection counts every message handed to it, written or queued",
        );
        assert.ok(
          inFlight * 1024 > 37 * 2 ** 20,
          `only ${inFlight} messages in flight: this test may no longer reach the queued path`,
        );
        const got = await take(s, n, 30_000, "the burst");
        for (let i = 0; i < n; i++) {
          const m = got[i];
          if (m.length !== 1 || m[0].length !== 1024 || m[0].readUInt32BE(0) !== i || m[0][1023] !== i % 251) {
            assert.fail(
              `message ${i} is wrong: ${m.length} frames, ${m[0].length} bytes, number ${m[0].readUInt32BE(0)}`,
            );
          }
        }
        assert.equal(await tryReceive(s, 50), null, "nothing more");
        assert.equal(xpub.counters().drops, 0);
        assert.equal(xpub.counters().messagesOut - out0, n);
      }),
  );

  it(
    "forward - drops at the xpub's high-water mark are counted; the slow sub later gets an increasing subsequence",
    T,
    () =>
      withCleanup(async (c) => {
        const { xsub, xpub, upAt, downAt } = await proxy(c, {}, { sendHighWaterMark: 10 });
        const f = xsub.forward!(xpub);
        const [p] = await pubs(c, upAt, 1);
        const s = await sub(c, downAt, "", { receiveHighWaterMark: 10 });
        await settle([p], [s], [""]);
        const m0 = f.messages;
        const d0 = xpub.counters().drops!;
        // 60 MiB, more than the loopback socket buffers can take while the sub does not read.
        const n = 60_000;
        const payload = Buffer.alloc(1020, 7);
        for (let i = 0; i < n; i++) {
          await p.send([Buffer.from(String(i).padStart(6, "0")), payload]);
          if (i % 1000 === 0) await sleep(1);
        }
        await eventually(() => f.messages - m0 === n, 20_000, "everything to be forwarded");
        const drops = xpub.counters().drops! - d0;
        assert.ok(drops > 0, "a sub that does not read makes the xpub drop");
        assert.ok(drops < n, "not everything is dropped");
        // Everything not dropped was written to the sub, which now reads it all.
        const got = await take(s, n - drops, 20_000, "what was not dropped");
        let last = -1;
        for (const m of got) {
          const i = Number(m[0].toString());
          assert.ok(i > last, `${i} after ${last}: reordered or duplicated`);
          assert.ok(m.length === 2 && m[1].equals(payload), `message ${i} whole`);
          last = i;
        }
        assert.equal(await tryReceive(s, 100), null, "received + dropped = sent");
        assert.equal(f.messages - m0, n, "Forwarding.messages counts dropped messages too");
      }),
  );

  it(
    "forward - the xsub's own filter: a publisher that sends every topic (a raw ZMTP peer), whole chunks and split messages",
    T,
    () =>
      withCleanup(async (c) => {
        // No relay here: the xsub subscribes to "a." only, while the one sub takes everything
        // (so the xpub alone would take the run path): only the xsub's filter keeps b. and c. out.
        const { xsub, xpub, upAt, downAt } = await proxy(c, {}, {}, false);
        const f = xsub.forward!(xpub);
        const s = await sub(c, downAt, "");
        assert.deepEqual(str(await within(xpub.receive(), 3000, "the sub's subscription at the xpub")), ["\x01"]);
        await xsub.send(Buffer.from("\x01a."));
        const raw = c.add(await RawPeer.connect(portOf(upAt)));
        await raw.write(handshake("PUB"));
        await raw.read(64, "the xsub's greeting");
        const r1 = await raw.readFrame("the xsub's READY");
        assert.ok(r1.body.toString("latin1").includes("READY"));
        const subCmd = await raw.readFrame("the xsub's subscription");
        assert.ok(
          subCmd.body.toString("latin1").endsWith("SUBSCRIBE" + "a."),
          "the xsub subscribes the raw publisher to a.",
        );
        const topics = ["a.", "b.", "c."];
        const all: string[][] = [];
        for (let i = 0; i < 600; i++) {
          all.push([
            `${topics[i % 3]}${i}`,
            ...(i % 2 ? ["x".repeat(i % 300)] : []),
            ...(i % 5 === 0 ? ["", "z"] : []),
          ]);
        }
        const in0 = xsub.counters().messagesIn, wire0 = connIn(xsub);
        // Most in one write (whole messages in a chunk), then some split in two writes (frames).
        await raw.write(Buffer.concat(all.slice(0, 540).map((m) => wireMessage(...m))));
        for (const m of all.slice(540)) {
          const bytes = wireMessage(...m);
          await raw.write(bytes.subarray(0, 3));
          await sleep(2);
          await raw.write(bytes.subarray(3));
        }
        const want = all.filter((m) => m[0].startsWith("a."));
        assert.deepEqual((await take(s, want.length, 10_000, "the a. messages")).map(str), want);
        assert.equal(await tryReceive(s, 50), null, "nothing but a.");
        await eventually(() => connIn(xsub) - wire0 === all.length, 3000, "the xsub to read every message");
        assert.equal(f.messages, want.length, "only what passes the xsub's filter is forwarded");
        assert.equal(f.bytes, want.reduce((a, m) => a + bodyBytes(m), 0));
        assert.equal(xsub.counters().messagesIn - in0, want.length);
      }),
  );

  it("forward - rules: EBUSY, EINVAL, EBADF, ENOTSUP", T, () =>
    withCleanup(async (c) => {
      const xsub = c.add(engine.socket("xsub", { linger: 0 }));
      const xpub = c.add(engine.socket("xpub", { linger: 0 }));
      const pub = c.add(engine.socket("pub", { linger: 0 }));
      const push = c.add(engine.socket("push", { linger: 0 }));
      const sub1 = c.add(engine.socket("sub", { linger: 0 }));
      const closedPub = engine.socket("pub", { linger: 0 });
      closedPub.close();

      // A pending receive: EBUSY, and the receive is untouched.
      const ac = new AbortController();
      const pending = sub1.receive({ signal: ac.signal });
      pending.catch(() => {});
      assert.throws(() => sub1.forward!(xpub), code("EBUSY"), "forward while a receive is pending");
      ac.abort();
      await assert.rejects(pending, (e: unknown) => !(e instanceof ZmqError));

      assert.throws(() => xsub.forward!(push), code("EINVAL"), "to a push");
      assert.throws(() => xsub.forward!(sub1), code("EINVAL"), "to a sub");
      assert.throws(() => xsub.forward!(xsub), code("EINVAL"), "xsub to itself");
      assert.throws(() => xpub.forward!(xpub), code("EINVAL"), "xpub to itself");
      const foreign = { type: "pub", engine: "native", closed: false } as unknown as ZSocket;
      assert.throws(() => xsub.forward!(foreign), code("EINVAL"), "to a socket of another engine");
      assert.throws(() => xsub.forward!(closedPub), code("EBADF"), "to a closed socket");
      assert.throws(() => pub.forward!(xpub), code("ENOTSUP"), "from a pub, which cannot receive");
      assert.throws(() => closedPub.forward!(xpub), code("EBADF"), "from a closed socket");

      const f: Forwarding = xsub.forward!(pub);
      assert.equal(f.messages, 0);
      assert.equal(f.bytes, 0);
      assert.throws(() => xsub.forward!(xpub), code("EBUSY"), "a second forward");
      await assert.rejects(
        within(xsub.receive(), 2000, "receive's refusal"),
        code("EBUSY"),
        "receive while forwarding",
      );
      await assert.rejects(
        within(xsub.receiveBatch(10), 2000, "receiveBatch's refusal"),
        code("EBUSY"),
        "receiveBatch while forwarding",
      );
      f.stop();
      const f2 = xsub.forward!(xpub);
      f2.stop();
      const ac2 = new AbortController();
      const r = xsub.receive({ signal: ac2.signal });
      r.catch(() => {});
      ac2.abort();
      await assert.rejects(
        r,
        (e: unknown) => !(e instanceof ZmqError),
        "after stop(), receive() waits again (and is aborted)",
      );
    }));

  it(
    "forward - what was queued first goes first, in order (a paused connection resumes); stop() hands later messages to receive()",
    T,
    () =>
      withCleanup(async (c) => {
        const { xsub, xpub, upAt, downAt } = await proxy(c, { receiveHighWaterMark: 100 });
        const s = await sub(c, downAt, "");
        const [p] = await pubs(c, upAt, 1);
        // The xsub subscribes to "" once the relay passes the sub's subscription: probe with receive().
        let probed = false;
        for (let i = 0; i < 300 && !probed; i++) {
          await p.send("~probe");
          probed = (await tryReceive(xsub, 20)) !== null;
        }
        assert.ok(probed, "the subscription reached the pub");
        await p.send("~final");
        for (let i = 0; i < 1000; i++) {
          if ((await within(xsub.receive(), 3000, "the final probe"))[0].toString() === "~final") break;
        }

        const c0 = connIn(xsub);
        for (let i = 0; i < 300; i++) await p.send(["pre", String(i)]);
        // 100 fill the xsub's queue (its receive high-water mark); the rest wait behind a paused connection.
        await eventually(() => connIn(xsub) - c0 >= 100, 5000, "the xsub to queue 100 messages");
        const f = xsub.forward!(xpub);
        assert.ok(f.messages >= 100, `queued messages are forwarded by forward() itself (${f.messages})`);
        for (let i = 0; i < 100; i++) await p.send(["post", String(i)]);
        const want = [
          ...Array.from({ length: 300 }, (_, i) => ["pre", String(i)]),
          ...Array.from({ length: 100 }, (_, i) => ["post", String(i)]),
        ];
        assert.deepEqual((await take(s, want.length, 10_000, "pre and post messages")).map(str), want);
        assert.equal(f.messages, 400);
        assert.equal(f.bytes, want.reduce((a, m) => a + bodyBytes(m), 0));

        f.stop();
        for (let i = 0; i < 50; i++) await p.send(["after", String(i)]);
        for (let i = 0; i < 50; i++) {
          assert.deepEqual(str(await within(xsub.receive(), 3000, `after ${i}`)), ["after", String(i)]);
        }
        f.stop();
        assert.equal(f.messages, 400, "a stopped forward counts no more");
        assert.equal(await tryReceive(s, 100), null, "nothing forwarded after stop()");

        const f2 = xsub.forward!(xpub);
        for (let i = 0; i < 10; i++) {
          await p.send(["again", String(i)]);
        }
        assert.deepEqual(
          (await take(s, 10, 5000, "after a new forward")).map(str),
          Array.from({ length: 10 }, (_, i) => ["again", String(i)]),
        );
        assert.equal(f2.messages, 10);
        assert.equal(f.messages, 400);
      }),
  );

  it(
    "forward - closing the xpub while forwarding breaks nothing on the xsub's side",
    T,
    () =>
      withCleanup(async (c) => {
        const { xsub, xpub, upAt, downAt } = await proxy(c);
        const f = xsub.forward!(xpub);
        const ps = await pubs(c, upAt, 2);
        const s = await sub(c, downAt, "");
        await settle(ps, [s], [""]);
        const in0 = xsub.counters().messagesIn;
        const n = 3000;
        let atClose = -1;
        for (let i = 0; i < n; i++) {
          for (const p of ps) await p.send(["m", String(i)]);
          if (i === 1000) {
            xpub.close();
            atClose = f.messages;
          }
          if (i % 100 === 0) await sleep(1);
        }
        await eventually(() => xsub.counters().messagesIn - in0 === 2 * n, 10_000, "the xsub to count every message");
        assert.ok(
          atClose > 0 && atClose < 2 * n,
          `the xpub closed in the middle of the stream (${atClose} forwarded before)`,
        );
        assert.equal(f.messages, atClose, "nothing is forwarded to a closed socket");
        const xs = xsub.counters();
        assert.equal(xs.peers, 2);
        assert.equal(xs.disconnects, 0);
        assert.ok(xs.connections!.filter((x) => x.open).length === 2, "both publishers still connected");
        f.stop();
        for (const p of ps) await p.send(["after", "close"]);
        for (let i = 0; i < 2; i++) {
          assert.deepEqual(str(await within(xsub.receive(), 3000, "a message after close")), ["after", "close"]);
        }
      }),
  );
});
