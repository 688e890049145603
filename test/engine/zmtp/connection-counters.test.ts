// Per-connection counters of the zmtp engine add up to the socket's, over real TCP on loopback,
// whatever path a message takes: send() and sendNow() into a pipe that is still writing, a
// drop at the high-water mark, receive() and receiveBatch() (the connection counts what it
// read, so it is ahead by what is queued until taken), consume() (read inside the sink, in
// place and in runs), forward() through an xsub -> xpub (written through and queued),
// subscriptions sent on an xsub, and linger. One peer per socket, so that "the connection's"
// and "the socket's" are the same messages. The peer's counts are checked once all has moved.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { loadEngine } from "../../../src/engine/load.ts";
import type { Engine, SocketCounters, SocketOptions, ZSocket } from "../../../src/engine/types.ts";
import { receiveWithin, tryReceive, within } from "./helpers/bounded.ts";
import { type Cleanup, withCleanup } from "../../helpers/cleanup.ts";
import { eventually } from "../../helpers/eventually.ts";

const engine: Engine = await loadEngine("zmtp");
const T = { timeout: 60_000 };

type Row = [messagesIn: number, messagesOut: number, bytesIn: number, bytesOut: number, drops: number];

/**
 * The socket's totals, and the sums over its connections (out counting a dropped message as the
 * socket does: sent by the application, so `droppedBytes` are added back on that side).
 */
function sides(c: SocketCounters, droppedBytes = 0): { socket: Row; connections: Row } {
  const conns = c.connections ?? [];
  const sum = (k: "messagesIn" | "messagesOut" | "bytesIn" | "bytesOut" | "drops") =>
    conns.reduce((a, x) => a + x[k], 0);
  return {
    socket: [c.messagesIn, c.messagesOut, c.bytesIn, c.bytesOut, c.drops ?? -1],
    connections: [
      sum("messagesIn"),
      sum("messagesOut") + sum("drops"),
      sum("bytesIn"),
      sum("bytesOut") + droppedBytes,
      sum("drops"),
    ],
  };
}

const minus = (a: Row, b: Row): Row => a.map((x, i) => x - b[i]) as Row;

/** Counts so far, to compare what follows: a probe a pub sent before the subscription reached it went to no connection. */
interface Base {
  socket: Row;
  connections: Row;
}

/** Where `s` stands now. */
function baseOf(s: ZSocket): Base {
  return sides(s.counters());
}

/**
 * Asserts that what `s`'s connections counted since `base` equals what the socket counted
 * since then; `what` says when. Returns the counters.
 */
function assertAddsUp(s: ZSocket, base: Base, what: string, droppedBytes = 0): SocketCounters {
  const c = s.counters();
  const { socket, connections } = sides(c, droppedBytes);
  assert.deepEqual(
    minus(connections, base.connections),
    minus(socket, base.socket),
    `${what}: [in, out, bytesIn, bytesOut, drops] of the connections vs the socket`,
  );
  return c;
}

/** The one connection's [messagesIn, messagesOut, bytesIn, bytesOut] of `c`. */
function conn0(c: SocketCounters): number[] {
  assert.equal(c.connections!.length, 1, "one connection");
  const x = c.connections![0];
  return [x.messagesIn, x.messagesOut, x.bytesIn, x.bytesOut];
}

/** Asserts that what `to`'s connection received since `toBase` is what `from`'s sent since `fromBase`. */
function assertPeersAgree(
  from: ZSocket,
  fromBase: SocketCounters,
  to: ZSocket,
  toBase: SocketCounters,
  what: string,
): void {
  const [, out, , bytesOut] = conn0(from.counters());
  const [, out0, , bytesOut0] = conn0(fromBase);
  const [inn, , bytesIn] = conn0(to.counters());
  const [in0, , bytesIn0] = conn0(toBase);
  assert.deepEqual(
    [inn - in0, bytesIn - bytesIn0],
    [out - out0, bytesOut - bytesOut0],
    `${what}: [messages, bytes] received vs sent`,
  );
}

/**
 * Sends probes on `pub` until `sub` gets one (the subscription is through), then a marker, and
 * reads up to it: nothing is in flight afterwards.
 */
async function settle(pub: ZSocket, sub: ZSocket): Promise<void> {
  for (let i = 0;; i++) {
    if (i >= 300) throw new Error("the subscription never reached the pub");
    await pub.send("probe");
    if ((await tryReceive(sub, 20)) !== null) break;
  }
  await pub.send("marker");
  for (let i = 0; i < 1000; i++) {
    const m = await receiveWithin(sub, 3000, "the marker");
    if (m[0].toString() === "marker") return;
  }
  throw new Error("no marker");
}

/** A pub (connecting) and a sub (bound, everything subscribed), settled. */
async function pubSub(
  c: Cleanup,
  pubOpts: SocketOptions = {},
  subOpts: SocketOptions = {},
): Promise<{ pub: ZSocket; sub: ZSocket }> {
  const sub = c.add(engine.socket("sub", { linger: 0, ...subOpts }));
  const pub = c.add(engine.socket("pub", { linger: 0, sendHighWaterMark: 0, ...pubOpts }));
  const at = await within(sub.bind("tcp://127.0.0.1:0"), 3000, "sub bind");
  sub.subscribe("");
  await pub.connect(at);
  await settle(pub, sub);
  return { pub, sub };
}

/** Receives until `sub`'s socket count reaches `n` (receiveBatch), within `ms`. */
async function drainTo(sub: ZSocket, n: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (let i = 0; sub.counters().messagesIn < n; i++) {
    if (Date.now() > deadline || i > n) {
      throw new Error(`received ${sub.counters().messagesIn} of ${n} within ${ms} ms`);
    }
    await within(sub.receiveBatch!(1000), Math.max(1, deadline - Date.now()), "a batch");
  }
}

/** A message of `size` bytes that starts with its number. */
function numbered(i: number, size: number): Buffer {
  const b = Buffer.alloc(size, i & 0xff);
  b.writeUInt32BE(i, 0);
  return b;
}

describe("zmtp connection counters", () => {
  it(
    "connection counters - send() and sendNow() into a pipe still writing: the pub's connection counts what it was handed",
    T,
    () =>
      withCleanup(async (c) => {
        // The sub reads 4 messages and stops: more than the stream's write limit waits in the pub's pipe.
        const { pub, sub } = await pubSub(c, {}, { receiveHighWaterMark: 4 });
        const pb = baseOf(pub), sb = baseOf(sub), pc0 = pub.counters(), sc0 = sub.counters();
        const n = 800, size = 32 * 1024;
        for (let i = 0; i < n; i++) {
          if (i % 2 === 0) await pub.send(numbered(i, size));
          else assert.equal(pub.sendNow!(numbered(i, size)), true);
        }
        const pc = assertAddsUp(pub, pb, "right after the sends");
        assert.equal(pc.messagesOut - pc0.messagesOut, n);
        // Worth something only while messages are still queued: the sub has not read them.
        assert.ok(sub.counters().messagesIn - sc0.messagesIn < n, "messages are still in flight");
        await drainTo(sub, sc0.messagesIn + n, 20_000);
        assertAddsUp(pub, pb, "pub once all moved");
        assertAddsUp(sub, sb, "sub once all moved");
        assertPeersAgree(pub, pc0, sub, sc0, "pub -> sub");
      }),
  );

  it(
    "connection counters - drops at the high-water mark count as drops on the connection, never as out",
    T,
    () =>
      withCleanup(async (c) => {
        const { pub, sub } = await pubSub(c, { sendHighWaterMark: 8 }, { receiveHighWaterMark: 4 });
        const pb = baseOf(pub), sb = baseOf(sub), pc0 = pub.counters(), sc0 = sub.counters();
        const n = 400, size = 64 * 1024;
        for (let i = 0; i < n; i++) await pub.send(numbered(i, size));
        const drops = (pub.counters().drops ?? 0) - (pc0.drops ?? 0);
        assert.ok(drops > 0, "the burst hit the high-water mark");
        const pc = assertAddsUp(pub, pb, "after the burst", drops * size);
        assert.equal(pc.connections![0].drops, drops);
        await drainTo(sub, sc0.messagesIn + n - drops, 20_000);
        assertAddsUp(sub, sb, "sub once all moved");
        assertPeersAgree(pub, pc0, sub, sc0, "pub -> sub");
        assert.equal(conn0(sub.counters())[0] - conn0(sc0)[0], n - drops, "what was not dropped arrived");
      }),
  );

  it(
    "connection counters - receive() and receiveBatch(): the connection counts what it read, ahead of the socket by what is queued, equal once taken",
    T,
    () =>
      withCleanup(async (c) => {
        const { pub, sub } = await pubSub(c, {}, { receiveHighWaterMark: 0 });
        const pb = baseOf(pub), sb = baseOf(sub), pc0 = pub.counters(), sc0 = sub.counters();
        const n = 5000;
        for (let i = 0; i < n; i++) await pub.send(numbered(i, 100));
        await receiveWithin(sub, 3000, "the first of the burst");
        const batch = await within(sub.receiveBatch!(10), 3000, "a batch");
        assert.ok(batch.length >= 1);
        // The rest of the chunks read so far waits in the receive queue: read, not yet taken.
        const mid = sides(sub.counters());
        const [read, taken] = [mid.connections[0] - sb.connections[0], mid.socket[0] - sb.socket[0]];
        assert.equal(taken, 1 + batch.length);
        assert.ok(read > taken, `read ${read}, taken ${taken}`);
        await drainTo(sub, sc0.messagesIn + n, 20_000);
        assertAddsUp(sub, sb, "sub once all taken");
        assertAddsUp(pub, pb, "pub once all moved");
        assertPeersAgree(pub, pc0, sub, sc0, "pub -> sub");
      }),
  );

  it(
    "connection counters - subscriptions sent on an xsub count as out on its connection, and as in on the xpub's",
    T,
    () =>
      withCleanup(async (c) => {
        const xpub = c.add(engine.socket("xpub", { linger: 0 }));
        const xsub = c.add(engine.socket("xsub", { linger: 0 }));
        const at = await within(xpub.bind("tcp://127.0.0.1:0"), 3000, "xpub bind");
        await xsub.connect(at);
        await eventually(() => xpub.counters().peers === 1 && xsub.counters().peers === 1, 3000, "the connection");
        const [xpb, xsb] = [xpub, xsub].map(baseOf);
        const [xp0, xs0] = [xpub, xsub].map((s) => s.counters());
        const topics = ["a", "bb", "", "ccc"];
        for (const t of topics) await xsub.send(Buffer.from(`\x01${t}`, "latin1"));
        await xsub.send(Buffer.from("\x00bb", "latin1"));
        const got: string[] = [];
        for (let i = 0; i < topics.length + 1; i++) {
          got.push((await receiveWithin(xpub, 3000, "a subscription"))[0].toString("latin1"));
        }
        assert.deepEqual(got, ["\x01a", "\x01bb", "\x01", "\x01ccc", "\x00bb"]);
        const xs = assertAddsUp(xsub, xsb, "xsub");
        assert.equal(xs.messagesOut - xs0.messagesOut, 5);
        const xp = assertAddsUp(xpub, xpb, "xpub");
        assert.equal(xp.messagesIn - xp0.messagesIn, 5);
        assert.deepEqual([conn0(xp)[0] - conn0(xp0)[0], conn0(xp)[2] - conn0(xp0)[2]], [
          conn0(xs)[1] - conn0(xs0)[1],
          conn0(xs)[3] - conn0(xs0)[3],
        ], "xsub -> xpub");
      }),
  );

  it(
    "connection counters - consume(): a sink that reads the counters finds the connection's equal to the socket's, in place and in runs",
    T,
    () =>
      withCleanup(async (c) => {
        const { pub, sub } = await pubSub(c, {}, { receiveHighWaterMark: 0 });
        const pb = baseOf(pub), sb = baseOf(sub), pc0 = pub.counters(), sc0 = sub.counters();
        let calls = 0;
        let bad: string | null = null;
        const check = () => {
          calls++;
          if (bad !== null) return;
          const { socket, connections } = sides(sub.counters());
          const d = [minus(socket, sb.socket), minus(connections, sb.connections)];
          if (JSON.stringify(d[0]) !== JSON.stringify(d[1])) {
            bad = `call ${calls}: socket ${JSON.stringify(d[0])} vs connections ${JSON.stringify(d[1])}`;
          }
        };
        const consuming = sub.consume!({ encoded: check, frames: check });
        const n = 3000;
        // Some large enough to be split across chunks: those come as frames.
        for (let i = 0; i < n; i++) await pub.send(numbered(i, i % 100 === 0 ? 200_000 : 50));
        await eventually(() => sub.counters().messagesIn === sc0.messagesIn + n, 20_000, "every message consumed");
        consuming.stop();
        assert.equal(bad, null);
        assert.ok(calls > 0 && calls <= n, `${calls} sink calls`);
        assertAddsUp(sub, sb, "sub once all moved");
        assertAddsUp(pub, pb, "pub once all moved");
        assertPeersAgree(pub, pc0, sub, sc0, "pub -> sub");
      }),
  );

  it(
    "connection counters - forward() through an xsub -> xpub, written through and queued: both sides add up, and match the peers",
    T,
    () =>
      withCleanup(async (c) => {
        const xsub = c.add(engine.socket("xsub", { linger: 0 }));
        const xpub = c.add(engine.socket("xpub", { linger: 0, sendHighWaterMark: 0 }));
        const upAt = await within(xsub.bind("tcp://127.0.0.1:0"), 3000, "xsub bind");
        const downAt = await within(xpub.bind("tcp://127.0.0.1:0"), 3000, "xpub bind");
        const sub = c.add(engine.socket("sub", { linger: 0, receiveHighWaterMark: 4 }));
        await sub.connect(downAt);
        sub.subscribe("");
        // The subscription goes up through the xpub to the xsub, as the bus relays it.
        await xsub.send(await within(xpub.receive(), 3000, "the subscription at the xpub"));
        xsub.forward!(xpub);
        const pub = c.add(engine.socket("pub", { linger: 0, sendHighWaterMark: 0 }));
        await pub.connect(upAt);
        await settle(pub, sub);
        const [xsb, xpb, pb, sb] = [xsub, xpub, pub, sub].map(baseOf);
        const [xs0, xp0, p0, s0] = [xsub, xpub, pub, sub].map((s) => s.counters());
        const n = 600, size = 32 * 1024;
        for (let i = 0; i < n; i++) await pub.send(numbered(i, size));
        // The sub stops reading after 4: the xpub's pipe fills past the write limit (the queued path).
        await eventually(
          () => xpub.counters().messagesOut === xp0.messagesOut + n,
          20_000,
          "the xpub sent every message",
        );
        assertAddsUp(xsub, xsb, "xsub, the xpub's queue full");
        assertAddsUp(xpub, xpb, "xpub, its queue full");
        assert.ok(sub.counters().messagesIn - s0.messagesIn < n, "messages are still in flight");
        await drainTo(sub, s0.messagesIn + n, 20_000);
        for (
          const [s, b, name] of [[xsub, xsb, "xsub"], [xpub, xpb, "xpub"], [pub, pb, "pub"], [sub, sb, "sub"]] as const
        ) assertAddsUp(s, b, `${name} once all moved`);
        assertPeersAgree(pub, p0, xsub, xs0, "pub -> xsub");
        assertPeersAgree(xpub, xp0, sub, s0, "xpub -> sub");
      }),
  );

  it(
    "connection counters - linger: the closed connection's record keeps every message it wrote before it ended",
    T,
    () =>
      withCleanup(async (c) => {
        const { pub, sub } = await pubSub(c, { linger: 10_000 }, { receiveHighWaterMark: 4 });
        const pb = baseOf(pub), sb = baseOf(sub), pc0 = pub.counters(), sc0 = sub.counters();
        const n = 300, size = 32 * 1024;
        for (let i = 0; i < n; i++) await pub.send(numbered(i, size));
        pub.close();
        assertAddsUp(pub, pb, "closed, lingering");
        const reading = drainTo(sub, sc0.messagesIn + n, 20_000);
        const outcome = await within(pub.lingered!(), 20_000, "the linger");
        await reading;
        assert.equal(outcome.discarded, 0);
        const pc = assertAddsUp(pub, pb, "after the linger");
        assert.equal(pc.connections![0].open, false);
        assertAddsUp(sub, sb, "sub once all moved");
        assertPeersAgree(pub, pc0, sub, sc0, "pub -> sub");
      }),
  );
});
