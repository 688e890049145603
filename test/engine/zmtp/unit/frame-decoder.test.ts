import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import fc from "fast-check";
import { BROKEN, FRAME, FrameDecoder, NEED_MORE } from "../../../../src/engine/zmtp/frame-decoder.ts";
import { FrameWriter } from "../../../../src/engine/zmtp/frame-encoder.ts";
import { split } from "../helpers/split-bytes.ts";

interface Frame {
  flags: number;
  body: Buffer;
}

/** Encodes frames with the engine's own encoder into one byte string. */
function encode(frames: Frame[]): Buffer {
  const out: Buffer[] = [];
  const w = new FrameWriter({ write: (b) => (out.push(Buffer.from(b)), true) });
  for (const f of frames) w.frame(f.flags, f.body);
  w.flush();
  return Buffer.concat(out);
}

/** Feeds `chunks` and decodes everything; `error` (and `code`) set when the stream was refused. */
function decodeAll(
  chunks: Buffer[],
  maxSize = -1,
  subscribeQuirk = false,
): { frames: Frame[]; error: string; code?: string } {
  const d = new FrameDecoder(maxSize, subscribeQuirk);
  const frames: Frame[] = [];
  for (const c of chunks) {
    d.push(c);
    for (let i = 0; i < 100_000; i++) {
      const r = d.next();
      if (r === NEED_MORE) break;
      if (r === BROKEN) return { frames, error: d.error, code: d.errorCode };
      assert.equal(r, FRAME);
      frames.push({ flags: d.flags, body: Buffer.from(d.body) });
    }
  }
  return { frames, error: "" };
}

const frameArb = fc.record({
  flags: fc.constantFrom(0, 1, 4),
  body: fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ minLength: 250, maxLength: 700 })).map((u) =>
    Buffer.from(u)
  ),
});

describe("zmtp frame decoder", () => {
  it("frame decoder - short and long frames come out the same for every split of the stream", () => {
    fc.assert(
      fc.property(
        fc.array(frameArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (frames, cuts) => {
          const bytes = encode(frames);
          const got = decodeAll(split(bytes, cuts));
          assert.equal(got.error, "");
          assert.deepEqual(
            got.frames.map((f) => [f.flags, f.body.toString("hex")]),
            frames.map((f) => [f.flags, f.body.toString("hex")]),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("frame decoder - one byte at a time gives the same frames", () => {
    const frames: Frame[] = [{ flags: 1, body: Buffer.from("topic") }, { flags: 0, body: Buffer.alloc(300, 7) }, {
      flags: 4,
      body: Buffer.from("\x04PING\x00\x00"),
    }];
    const bytes = encode(frames);
    const got = decodeAll([...bytes].map((b) => Buffer.from([b])));
    assert.deepEqual(got.frames.map((f) => [f.flags, f.body.length]), [[1, 5], [0, 300], [4, 7]]);
  });

  it("frame decoder - arbitrary garbage never throws, and a refusal gives a reason", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 10 }), (garbage, cuts) => {
        const got = decodeAll(split(Buffer.from(garbage), cuts), 1000);
        if (got.error) assert.match(got.error, /illegal frame flags|exceeds the maximum|too large/);
        if (got.error) {
          assert.ok(got.code === "ZMTP_BAD_FLAGS" || got.code === "ZMTP_FRAME_TOO_LARGE", `code ${got.code}`);
        }
        for (const f of got.frames) assert.ok(f.body.length <= 1000, "no frame over the maximum size");
      }),
      { numRuns: 500 },
    );
  });

  it("frame decoder - a declared size over the maximum is refused before any body arrives", () => {
    const head = Buffer.from([0x02, 0, 0, 0, 0, 0, 0, 0x10, 0x00]);
    const got = decodeAll([head], 100);
    assert.match(got.error, /4096 bytes exceeds the maximum message size 100/);
    assert.equal(got.code, "ZMTP_FRAME_TOO_LARGE");
  });

  it("frame decoder - a 2^40-byte declaration is refused even without a maximum", () => {
    const head = Buffer.from([0x02, 0, 0, 0x01, 0, 0, 0, 0, 0]);
    assert.match(decodeAll([head], -1).error, /too large/);
  });

  it("frame decoder - illegal flags are refused", () => {
    for (const flags of [0x05, 0x07, 0x08, 0x80, 0xff]) {
      const got = decodeAll([Buffer.from([flags, 1, 0x41])]);
      assert.match(got.error, /illegal frame flags/, `flags 0x${flags.toString(16)}`);
      assert.equal(got.code, "ZMTP_BAD_FLAGS");
    }
  });

  it("frame decoder - a frame inside one chunk is a view into it (no copy)", () => {
    const chunk = encode([{ flags: 0, body: Buffer.from("abc") }]);
    const d = new FrameDecoder();
    d.push(chunk);
    assert.equal(d.next(), FRAME);
    assert.equal(d.body.buffer, chunk.buffer);
    assert.equal(d.body.toString(), "abc");
  });

  it("frame decoder - takeRaw reads a greeting in pieces and leaves the rest for frames", () => {
    const d = new FrameDecoder();
    const g = Buffer.alloc(64);
    d.push(Buffer.alloc(10, 1));
    assert.equal(d.takeRaw(g, 0, 64), 10);
    d.push(Buffer.concat([Buffer.alloc(54, 2), Buffer.from([0, 2, 0x68, 0x69])]));
    assert.equal(d.takeRaw(g, 10, 54), 54);
    assert.equal(d.next(), FRAME);
    assert.equal(d.body.toString(), "hi");
    assert.equal(d.idle, true);
  });

  describe("libzmq 4.3.4's SUBSCRIBE of a 246-255 byte topic: 8-byte size, no LONG flag", () => {
    /** The frame as libzmq 4.3.4 writes it: 04, the size as 8 bytes, then the body. */
    const quirky = (name: string, topicLen: number) => {
      const body = Buffer.concat([
        Buffer.from([name.length]),
        Buffer.from(name, "latin1"),
        Buffer.alloc(topicLen, 0x74),
      ]);
      const size = Buffer.alloc(8);
      size.writeBigUInt64BE(BigInt(body.length));
      return { body, bytes: Buffer.concat([Buffer.from([0x04]), size, body]) };
    };
    const after = encode([{ flags: 0, body: Buffer.from("next") }]);

    for (
      const [name, topicLen] of [["SUBSCRIBE", 246], ["SUBSCRIBE", 250], ["SUBSCRIBE", 255], ["CANCEL", 249], [
        "CANCEL",
        255,
      ]] as const
    ) {
      it(`frame decoder - ${name} of ${topicLen} bytes is read as one command on a pub/xpub, for every split and byte by byte`, () => {
        const { body, bytes } = quirky(name, topicLen);
        const stream = Buffer.concat([bytes, after]);
        const want = [[4, body.toString("hex")], [0, Buffer.from("next").toString("hex")]];
        for (let cut = 0; cut <= stream.length; cut++) {
          const got = decodeAll([stream.subarray(0, cut), stream.subarray(cut)], 1000, true);
          assert.equal(got.error, "", `cut at ${cut}`);
          assert.deepEqual(got.frames.map((f) => [f.flags, f.body.toString("hex")]), want, `cut at ${cut}`);
        }
        const bytewise = decodeAll([...stream].map((b) => Buffer.from([b])), 1000, true);
        assert.deepEqual(bytewise.frames.map((f) => [f.flags, f.body.toString("hex")]), want);
      });
    }

    it("frame decoder - without the quirk (sockets that get no subscriptions) 04 00 stays an empty command", () => {
      const got = decodeAll([quirky("SUBSCRIBE", 250).bytes], 1000, false);
      assert.deepEqual(got.frames[0] && [got.frames[0].flags, got.frames[0].body.length], [4, 0]);
    });

    it("frame decoder - with the quirk, 04 00 not followed by a 256-265 size is refused as an empty command", () => {
      for (const bad of [[0x04, 0, 0x04, 5], [0x04, 0, 0, 0, 0, 0, 0, 2], [0x04, 0, 0, 0, 0, 0, 0, 1, 10]]) {
        const got = decodeAll([Buffer.from(bad)], -1, true);
        assert.equal(got.code, "ZMTP_BAD_COMMAND", Buffer.from(bad).toString("hex"));
        assert.equal(got.error, "empty command frame");
      }
    });
  });
});
