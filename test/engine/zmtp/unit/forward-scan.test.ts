/**
 * The forwarding fast path of the zmtp engine, without sockets:
 * - FrameDecoder.scanMessage()/scanRun() take whole messages as byte ranges of the received chunk
 *   (mixed with next() the way Connection.decode does), and leave everything else to next();
 * - FrameWriter.encoded()/encodedMessage() append such ranges, coalescing adjacent ones, in call
 *   order with frame()/message(); bodyBytes() counts bodies of encoded frames.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import fc from "fast-check";
import { BROKEN, FRAME, FrameDecoder, NEED_MORE } from "../../../../src/engine/zmtp/frame-decoder.ts";
import { bodyBytes, FrameWriter } from "../../../../src/engine/zmtp/frame-encoder.ts";
import { split } from "../helpers/split-bytes.ts";

type Msg = Buffer[];

/** A writer whose sink copies each write (`writes`), plus the bytes of all writes so far. */
function collector() {
  const writes: Buffer[] = [];
  const raw: Uint8Array[] = [];
  const w = new FrameWriter({ write: (b) => (raw.push(b), writes.push(Buffer.from(b)), true) });
  const written = () => writes.reduce((n, b) => n + b.length, 0);
  return { w, writes, raw, written, all: () => Buffer.concat(writes) };
}

/** Encodes messages with the engine's FrameWriter (MORE on all frames but the last). */
function encode(msgs: Msg[]): Buffer {
  const { w, all } = collector();
  for (const m of msgs) m.forEach((f, i) => w.frame(i < m.length - 1 ? 1 : 0, f));
  w.flush();
  return all();
}

/** Independent reference: one frame, short form up to 255 bytes, long form above. */
function refFrame(flags: number, body: Uint8Array): Buffer {
  if (body.length <= 255) return Buffer.concat([Buffer.from([flags, body.length]), body]);
  const h = Buffer.alloc(9);
  h[0] = flags | 0x02;
  h.writeUInt32BE(body.length, 5);
  return Buffer.concat([h, body]);
}

/** Parses the data frames in buf[start, end) into messages (1 flag byte; 1 size byte, or 8 with LONG). */
function parseMessages(buf: Buffer, start: number, end: number): Msg[] {
  const out: Msg[] = [];
  let cur: Msg = [];
  let p = start;
  while (p < end) {
    const flags = buf[p];
    assert.equal(flags & ~0x03, 0, `data frame flags at ${p}: 0x${flags.toString(16)}`);
    const long = (flags & 0x02) !== 0;
    const head = long ? 9 : 2;
    assert.ok(p + head <= end, "frame header inside the range");
    const size = long ? Number(buf.readBigUInt64BE(p + 1)) : buf[p + 1];
    assert.ok(p + head + size <= end, "frame body inside the range");
    cur.push(buf.subarray(p + head, p + head + size));
    p += head + size;
    if ((flags & 0x01) === 0) {
      out.push(cur);
      cur = [];
    }
  }
  assert.equal(p, end, "range ends on a frame boundary");
  assert.equal(cur.length, 0, "range ends with a last frame (no MORE)");
  return out;
}

// (Every assert.ok has a message: without one, Node 20 reads the .ts source for it and can hang.)
const hex = (msgs: Msg[]) => msgs.map((m) => m.map((f) => f.toString("hex")));
const sum = (m: Msg) => m.reduce((n, f) => n + f.length, 0);

const bodyArb = fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ minLength: 240, maxLength: 300 })).map((u) =>
  Buffer.from(u)
);
const msgArb = fc.array(bodyArb, { minLength: 1, maxLength: 4 });

/**
 * Connection.decode's loop for a forward: with no frames pending, scanRun (mode 0) or
 * scanMessage (mode 1) or neither (mode 2), else next() assembling frames until one without MORE.
 * Checks every scan's fields on the way and appends the messages to `got`.
 */
function decodeLoop(
  d: FrameDecoder,
  modes: number[],
  step: { i: number },
  got: Msg[],
  frames: Msg,
  chunks: Set<Buffer>,
  commands?: Buffer[],
): void {
  for (let guard = 0; guard < 10_000; guard++) {
    if (frames.length === 0) {
      const mode = modes[step.i++ % modes.length];
      if (mode === 0 && d.scanRun() === FRAME) {
        assert.ok(chunks.has(d.msgChunk), "scanRun: msgChunk is a pushed chunk");
        assert.ok(
          0 <= d.msgStart && d.msgStart < d.msgEnd && d.msgEnd <= d.msgChunk.length,
          "scanRun: range inside msgChunk",
        );
        const msgs = parseMessages(d.msgChunk, d.msgStart, d.msgEnd);
        assert.equal(d.runCount, msgs.length, "runCount");
        assert.equal(d.msgBytes, msgs.reduce((n, m) => n + sum(m), 0), "scanRun msgBytes");
        got.push(...msgs.map((m) => m.map((f) => Buffer.from(f))));
        continue;
      }
      if (mode === 1 && d.scanMessage() === FRAME) {
        assert.ok(chunks.has(d.msgChunk), "scanMessage: msgChunk is a pushed chunk");
        const msgs = parseMessages(d.msgChunk, d.msgStart, d.msgEnd);
        assert.equal(msgs.length, 1, "scanMessage takes one message");
        assert.equal(d.msgBytes, sum(msgs[0]), "scanMessage msgBytes");
        assert.equal(
          d.msgChunk.subarray(d.topicAt, d.topicAt + d.topicLen).toString("hex"),
          msgs[0][0].toString("hex"),
          "topic",
        );
        got.push(msgs[0].map((f) => Buffer.from(f)));
        continue;
      }
    }
    const r = d.next();
    if (r === NEED_MORE) return;
    assert.equal(r, FRAME, `next(): ${d.error}`);
    if ((d.flags & 0x04) !== 0) {
      assert.ok(commands, "no command in the stream");
      // As Connection.decode does: a command at any frame boundary, the message goes on.
      commands!.push(Buffer.from(d.body));
      continue;
    }
    frames.push(Buffer.from(d.body));
    if ((d.flags & 0x01) === 0) got.push(frames.splice(0));
  }
  assert.fail("decode loop did not end");
}

describe("zmtp forward scan", () => {
  it("forward scan - scanRun/scanMessage/next() mixed give back the messages for every split", () => {
    fc.assert(
      fc.property(
        fc.array(msgArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        (msgs, cuts, modes, decodeAfter) => {
          const parts = split(encode(msgs), cuts);
          const d = new FrameDecoder(-1);
          const got: Msg[] = [];
          const frames: Msg = [];
          const step = { i: 0 };
          const pushed = new Set<Buffer>();
          parts.forEach((c, i) => {
            d.push(c);
            pushed.add(c);
            // Sometimes several chunks queue up before decoding (scanRun must not cross them).
            if (decodeAfter[i % decodeAfter.length]) decodeLoop(d, modes, step, got, frames, pushed);
          });
          decodeLoop(d, modes, step, got, frames, pushed);
          assert.deepEqual(hex(got), hex(msgs));
          assert.equal(frames.length, 0);
          assert.equal(d.buffered, 0);
          assert.equal(d.idle, true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("forward scan - commands between the frames of messages (libzmq's PING/PONG) end a run cleanly, for every split", () => {
    const commandArb = fc.oneof(fc.constant("\x04PING\x00\x00"), fc.constant("\x04PONG"), fc.constant("\x04PONGctx"))
      .map((t) => Buffer.from(t, "latin1"));
    fc.assert(
      fc.property(
        fc.array(msgArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.option(commandArb, { freq: 2 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 20 }),
        (msgs, sprinkle, cuts, modes) => {
          // A command (or none) before every frame, inside messages as well as between them.
          const wire: Buffer[] = [];
          const sent: Buffer[] = [];
          let k = 0;
          for (const m of msgs) {
            m.forEach((f, i) => {
              const cmd = sprinkle[k++ % sprinkle.length];
              if (cmd) {
                wire.push(refFrame(0x04, cmd));
                sent.push(cmd);
              }
              wire.push(refFrame(i < m.length - 1 ? 1 : 0, f));
            });
          }
          const d = new FrameDecoder(-1);
          const got: Msg[] = [];
          const frames: Msg = [];
          const commands: Buffer[] = [];
          const pushed = new Set<Buffer>();
          const step = { i: 0 };
          for (const c of split(Buffer.concat(wire), cuts)) {
            d.push(c);
            pushed.add(c);
            decodeLoop(d, modes, step, got, frames, pushed, commands);
          }
          assert.deepEqual(hex(got), hex(msgs));
          assert.deepEqual(commands.map((c) => c.toString("hex")), sent.map((c) => c.toString("hex")));
          assert.equal(d.idle, true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("forward scan - a PING inside the second message: the run takes the first, next() the rest, scanRun the third", () => {
    const ping = refFrame(0x04, Buffer.from("\x04PING\x00\x00", "latin1"));
    const m1 = refFrame(0, Buffer.from("one"));
    const m2 = Buffer.concat([refFrame(1, Buffer.from("two-a")), ping, refFrame(0, Buffer.from("two-b"))]);
    const m3 = refFrame(0, Buffer.from("three"));
    const d = new FrameDecoder();
    d.push(Buffer.concat([m1, m2, m3]));
    assert.equal(d.scanRun(), FRAME);
    assert.deepEqual([d.msgStart, d.msgEnd, d.runCount, d.msgBytes], [0, m1.length, 1, 3]);
    assert.equal(d.scanRun(), NEED_MORE, "the run ends before the message with the PING");
    assert.equal(d.next(), FRAME);
    assert.deepEqual([d.flags, d.body.toString()], [1, "two-a"]);
    assert.equal(d.next(), FRAME);
    assert.equal(d.flags, 0x04);
    assert.equal(d.body.toString("latin1"), "\x04PING\x00\x00");
    assert.equal(d.next(), FRAME);
    assert.deepEqual([d.flags, d.body.toString()], [0, "two-b"]);
    assert.equal(d.scanRun(), FRAME);
    assert.deepEqual([d.msgEnd - d.msgStart, d.runCount, d.msgBytes], [m3.length, 1, 5]);
    assert.equal(d.idle, true);
  });

  it("forward scan - scanRun stops at the end of the current chunk", () => {
    const a: Msg[] = [[Buffer.from("t1"), Buffer.alloc(300, 1)], [Buffer.from("t2")], [Buffer.alloc(0)]];
    const b: Msg[] = [[Buffer.from("u1"), Buffer.from("x")], [Buffer.alloc(256, 2)]];
    const ca = encode(a);
    const cb = encode(b);
    const d = new FrameDecoder();
    d.push(ca);
    d.push(cb);
    assert.equal(d.scanRun(), FRAME);
    assert.equal(d.msgChunk, ca);
    assert.equal(d.msgStart, 0);
    assert.equal(d.msgEnd, ca.length);
    assert.equal(d.runCount, 3);
    assert.equal(d.msgBytes, 2 + 300 + 2 + 0);
    assert.equal(d.buffered, cb.length);
    assert.equal(d.scanRun(), FRAME);
    assert.equal(d.msgChunk, cb);
    assert.deepEqual([d.msgStart, d.msgEnd, d.runCount, d.msgBytes], [0, cb.length, 2, 2 + 1 + 256]);
    assert.equal(d.scanRun(), NEED_MORE);
    assert.equal(d.idle, true);
  });

  it("forward scan - scanRun takes the whole messages and leaves one cut by the chunk end", () => {
    const bytes = encode([[Buffer.from("a")], [Buffer.from("bb")], [Buffer.from("c"), Buffer.from("dd")]]);
    const cut = bytes.length - 2;
    const d = new FrameDecoder();
    d.push(bytes.subarray(0, cut));
    assert.equal(d.scanRun(), FRAME);
    assert.deepEqual([d.msgStart, d.msgEnd, d.runCount, d.msgBytes], [0, 7, 2, 3]);
    assert.equal(d.scanRun(), NEED_MORE);
    assert.equal(d.scanMessage(), NEED_MORE);
    assert.equal(d.buffered, cut - 7);
    assert.equal(d.next(), FRAME);
    assert.deepEqual([d.flags, d.body.toString()], [1, "c"]);
    d.push(bytes.subarray(cut));
    assert.equal(d.next(), FRAME);
    assert.deepEqual([d.flags, d.body.toString()], [0, "dd"]);
    assert.equal(d.idle, true);
  });

  describe("scanMessage leaves to next() what it does not take", () => {
    /** Pushes `chunk`, checks that scanMessage consumes nothing, then returns next()'s result. */
    function refused(chunk: Buffer, maxSize = -1): { d: FrameDecoder; r: number } {
      const d = new FrameDecoder(maxSize);
      d.push(chunk);
      assert.equal(d.scanMessage(), NEED_MORE);
      assert.equal(d.scanRun(), NEED_MORE);
      assert.equal(d.buffered, chunk.length, "nothing consumed");
      return { d, r: d.next() };
    }

    it("forward scan - a command frame", () => {
      const { d, r } = refused(
        Buffer.concat([Buffer.from([0x04, 5]), Buffer.from("\x04PING", "latin1"), encode([[Buffer.from("m")]])]),
      );
      assert.equal(r, FRAME);
      assert.deepEqual([d.flags, d.body.toString("latin1")], [0x04, "\x04PING"]);
      // The data message after it is the scanner's again.
      assert.equal(d.scanMessage(), FRAME);
      assert.equal(d.msgBytes, 1);
    });

    it("forward scan - illegal flags, also after a good MORE frame", () => {
      for (const flags of [0x08, 0x05, 0x80]) {
        const { d, r } = refused(Buffer.from([flags, 1, 0x41]));
        assert.equal(r, BROKEN, `flags 0x${flags.toString(16)}`);
        assert.match(d.error, /illegal frame flags/);
      }
      const { d, r } = refused(Buffer.from([0x01, 1, 0x41, 0x08, 1, 0x42]));
      assert.equal(r, FRAME);
      assert.equal(d.body.toString(), "A");
      assert.equal(d.next(), BROKEN);
    });

    it("forward scan - a message whose last frame goes on in the next chunk", () => {
      const bytes = encode([[Buffer.from("topic"), Buffer.alloc(300, 3)]]);
      for (const cut of [1, 7, 8, 10, bytes.length - 1]) {
        const { d, r } = refused(bytes.subarray(0, cut));
        if (cut < 7) {
          assert.equal(r, NEED_MORE);
        } else {
          assert.equal(r, FRAME);
          assert.deepEqual([d.flags, d.body.toString()], [1, "topic"]);
          assert.equal(d.next(), NEED_MORE);
        }
        d.push(bytes.subarray(cut));
        // A frame half-decoded by next() is not the scanner's.
        if (cut !== 7) assert.equal(d.scanMessage(), NEED_MORE, `cut ${cut}`);
        if (cut < 7) assert.equal(d.next(), FRAME);
        assert.equal(d.next(), FRAME);
        assert.deepEqual([d.flags, d.body.length], [0, 300]);
        assert.equal(d.idle, true);
      }
    });

    it("forward scan - a frame over maxSize: next() refuses it", () => {
      const { d, r } = refused(encode([[Buffer.alloc(101)]]), 100);
      assert.equal(r, BROKEN);
      assert.match(d.error, /101 bytes exceeds the maximum message size 100/);
    });

    it("forward scan - frames each under maxSize but over it together go frame by frame", () => {
      const { d, r } = refused(encode([[Buffer.alloc(60, 1), Buffer.alloc(41, 2)]]), 100);
      assert.equal(r, FRAME);
      assert.equal(d.body.length, 60);
      assert.equal(d.next(), FRAME);
      assert.equal(d.body.length, 41);
      // Exactly maxSize in all is still taken.
      const ok = new FrameDecoder(100);
      ok.push(encode([[Buffer.alloc(60), Buffer.alloc(40)]]));
      assert.equal(ok.scanMessage(), FRAME);
      assert.equal(ok.msgBytes, 100);
    });

    it("forward scan - a long header declaring 2^40 bytes", () => {
      const { d, r } = refused(Buffer.from([0x02, 0, 0, 0x01, 0, 0, 0, 0, 3, 1, 2, 3]));
      assert.equal(r, BROKEN);
      assert.match(d.error, /too large/);
    });
  });

  it("forward scan - a long-form header on a small frame is taken and kept as it came", () => {
    const long = (flags: number, body: string) =>
      Buffer.concat([Buffer.from([flags | 0x02, 0, 0, 0, 0, 0, 0, 0, body.length]), Buffer.from(body)]);
    const msg = Buffer.concat([long(1, "ab"), Buffer.from([0x01, 1, 0x63]), long(0, "def")]);
    const chunk = Buffer.concat([msg, Buffer.from([0, 1, 0x7a])]);
    const d = new FrameDecoder(10);
    d.push(chunk);
    assert.equal(d.scanMessage(), FRAME);
    assert.deepEqual([d.msgStart, d.msgEnd, d.topicAt, d.topicLen, d.msgBytes], [0, msg.length, 9, 2, 6]);
    assert.equal(d.msgChunk.subarray(d.msgStart, d.msgEnd).toString("hex"), msg.toString("hex"));
    assert.equal(d.msgChunk.subarray(d.topicAt, d.topicAt + d.topicLen).toString(), "ab");
    // Forwarded as is, the long form stays.
    const { w, all } = collector();
    assert.equal(w.encodedMessage(msg), 6);
    w.flush();
    assert.equal(all().toString("hex"), msg.toString("hex"));
    assert.equal(bodyBytes(chunk, 0, chunk.length), 7);
  });
});

type Op =
  | { k: "range"; src: number; start: number; len: number }
  | { k: "adjacent"; len: number; elsewhere: boolean }
  | { k: "frame"; flags: number; body: Uint8Array }
  | { k: "message"; frames: Uint8Array[] }
  | { k: "flush" };

const SRC_LEN = 30_000;
/**
 * Sources: two ArrayBuffers, each as two views side by side (the end of view 0 touches the start
 * of view 1). Sources s and s ^ 2 lie at the same byte offsets of different memory.
 */
function sources(): Buffer[] {
  const a = Buffer.alloc(2 * SRC_LEN);
  for (let i = 0; i < a.length; i++) a[i] = (i * 7 + (i >> 8)) & 0xff;
  const b = Buffer.alloc(2 * SRC_LEN);
  for (let i = 0; i < b.length; i++) b[i] = (i * 13 + 5) & 0xff;
  return [a.subarray(0, SRC_LEN), a.subarray(SRC_LEN), b.subarray(0, SRC_LEN), b.subarray(SRC_LEN)];
}

/** Bodies of 16 KiB and more (written without the batch copy), filled from a seed to stay quick. */
const bigBodyArb = fc.tuple(fc.integer({ min: 16_384, max: 17_000 }), fc.nat(255)).map(([n, seed]) => {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed + (i >> 8)) & 0xff;
  return b;
});

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    k: fc.constant("range" as const),
    src: fc.integer({ min: 0, max: 3 }),
    start: fc.nat({ max: SRC_LEN }),
    len: fc.oneof(fc.nat({ max: 300 }), fc.nat({ max: 20_000 })),
  }),
  fc.record({
    k: fc.constant("adjacent" as const),
    len: fc.oneof(fc.nat({ max: 300 }), fc.nat({ max: 12_000 })),
    elsewhere: fc.boolean(),
  }),
  fc.record({
    k: fc.constant("frame" as const),
    flags: fc.constantFrom(0, 1),
    body: fc.oneof(fc.uint8Array({ maxLength: 300 }), bigBodyArb),
  }),
  fc.record({
    k: fc.constant("message" as const),
    frames: fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 3 }),
  }),
  fc.constant({ k: "flush" as const }),
);

describe("zmtp frame writer: encoded ranges", () => {
  it("frame writer - encoded ranges and frames come out in call order, pending counts them", () => {
    const srcs = sources();
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 25 }), (ops) => {
        const c = collector();
        const expected: Buffer[] = [];
        let given = 0;
        // Where the last range ended: [source, offset], so that "adjacent" continues it (or, with
        // "elsewhere", starts at the same offset of the other memory: not adjacent, not to coalesce).
        let last: [number, number] = [0, 0];
        for (const op of ops) {
          if (op.k === "range" || op.k === "adjacent") {
            let [s, start] = op.k === "range" ? [op.src, op.start] : last;
            // Past the end of view 0, continue in view 1 (the same memory, next to it).
            if ((s === 0 || s === 2) && start === SRC_LEN && op.k === "adjacent") [s, start] = [s + 1, 0];
            if (op.k === "adjacent" && op.elsewhere) s ^= 2;
            const end = Math.min(start + op.len, SRC_LEN);
            c.w.encoded(srcs[s], start, end);
            expected.push(srcs[s].subarray(start, end));
            given += end - start;
            last = [s, end];
          } else if (op.k === "frame") {
            c.w.frame(op.flags, op.body);
            expected.push(refFrame(op.flags, op.body));
            given += expected.at(-1)!.length;
          } else if (op.k === "message") {
            const bytes = c.w.message(op.frames);
            assert.equal(bytes, op.frames.reduce((n, f) => n + f.length, 0));
            op.frames.forEach((f, i) => expected.push(refFrame(i < op.frames.length - 1 ? 1 : 0, f)));
            given += expected.slice(-op.frames.length).reduce((n, b) => n + b.length, 0);
          } else {
            c.w.flush();
            assert.equal(c.w.pending, 0);
          }
          assert.equal(c.written() + c.w.pending, given, "written + pending = bytes given");
        }
        c.w.flush();
        assert.equal(c.w.pending, 0);
        const want = Buffer.concat(expected);
        assert.equal(c.all().length, want.length);
        assert.ok(c.all().equals(want), "bytes in call order");
        // A sink that keeps the buffers it was given (as a socket may) sees the same bytes.
        assert.ok(Buffer.concat(c.raw).equals(want), "buffers handed out are not reused");
      }),
      { numRuns: 150 },
    );
  });

  it("frame writer - adjacent ranges of one chunk totalling 16 KiB or more leave in one write, as is", () => {
    const src = Buffer.alloc(40_000, 5);
    const c = collector();
    c.w.encoded(src, 0, 9_000);
    c.w.encoded(src, 9_000, 17_000);
    assert.equal(c.w.pending, 17_000);
    assert.equal(c.writes.length, 0);
    c.w.flush();
    assert.equal(c.writes.length, 1);
    assert.equal(c.writes[0].length, 17_000);
    assert.equal(c.raw[0].buffer, src.buffer, "written without a copy");
    assert.equal(c.raw[0].byteOffset, src.byteOffset);
  });

  it("frame writer - a subarray view adjacent in the same ArrayBuffer coalesces too", () => {
    const src = Buffer.alloc(40_000);
    for (let i = 0; i < src.length; i++) src[i] = i & 0xff;
    const view = src.subarray(10_000);
    const c = collector();
    c.w.frame(0, Buffer.from("hd"));
    c.w.encoded(src, 2_000, 10_000);
    c.w.encoded(view, 0, 9_000);
    c.w.frame(0, Buffer.from("tl"));
    c.w.flush();
    assert.deepEqual(c.writes.map((b) => b.length), [4, 17_000, 4]);
    assert.equal(c.raw[1].buffer, src.buffer);
    assert.ok(c.writes[1].equals(src.subarray(2_000, 19_000)), "the coalesced range's bytes");
    assert.equal(
      Buffer.concat(c.writes).toString("hex"),
      Buffer.concat([refFrame(0, Buffer.from("hd")), src.subarray(2_000, 19_000), refFrame(0, Buffer.from("tl"))])
        .toString("hex"),
    );
  });

  it("frame writer - ranges that are not adjacent are copied each, in order", () => {
    const src = Buffer.alloc(40_000);
    for (let i = 0; i < src.length; i++) src[i] = (i * 3) & 0xff;
    const c = collector();
    c.w.encoded(src, 0, 9_000);
    c.w.encoded(src, 9_001, 18_001); // one byte apart: two ranges, each under 16 KiB
    assert.equal(c.w.pending, 18_000);
    c.w.flush();
    assert.equal(c.writes.length, 1);
    assert.notEqual(c.raw[0].buffer, src.buffer, "copied into the batch");
    assert.ok(
      c.all().equals(Buffer.concat([src.subarray(0, 9_000), src.subarray(9_001, 18_001)])),
      "both ranges, in order",
    );
  });

  it("frame writer - the same offsets in different memory do not coalesce", () => {
    const a = Buffer.alloc(20_000, 0xaa);
    const b = Buffer.alloc(20_000, 0xbb);
    const c = collector();
    c.w.encoded(a, 0, 10_000);
    c.w.encoded(b, 10_000, 20_000); // starts where the range in `a` ended, but in `b`
    c.w.flush();
    assert.ok(
      c.all().equals(Buffer.concat([a.subarray(0, 10_000), b.subarray(10_000)])),
      "the second range's bytes come from b",
    );
  });

  it("frame writer - command() and raw() move the pending range out first", () => {
    const src = Buffer.from("0102030405060708", "hex");
    const c = collector();
    c.w.encoded(src, 0, 4);
    c.w.command(Buffer.from("C"));
    c.w.encoded(src, 4, 8);
    c.w.raw(Buffer.from("R"));
    assert.equal(c.w.pending, 4 + 3 + 4 + 1);
    c.w.flush();
    assert.equal(c.w.pending, 0);
    assert.equal(c.all().toString("hex"), "01020304" + "040143" + "05060708" + "52");
  });

  it("frame writer - encodedMessage and bodyBytes count bodies, not headers, long frames too", () => {
    fc.assert(
      fc.property(fc.array(msgArb, { minLength: 1, maxLength: 4 }), (msgs) => {
        const c = collector();
        let total = 0;
        const encs = msgs.map((m) => encode([m]));
        encs.forEach((e, i) => {
          assert.equal(c.w.encodedMessage(e), sum(msgs[i]));
          total += e.length;
          assert.equal(c.w.pending, total);
        });
        c.w.flush();
        const all = Buffer.concat(encs);
        assert.ok(c.all().equals(all), "the messages as given");
        assert.equal(bodyBytes(all, 0, all.length), msgs.reduce((n, m) => n + sum(m), 0));
        // A range inside a bigger buffer: the second message only.
        if (encs.length > 1) {
          assert.equal(bodyBytes(all, encs[0].length, encs[0].length + encs[1].length), sum(msgs[1]));
        }
      }),
      { numRuns: 100 },
    );
    const { w } = collector();
    assert.equal(w.encodedMessage(encode([[Buffer.alloc(70_000), Buffer.alloc(256), Buffer.alloc(0)]])), 70_256);
  });
});
