import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { type HeaderFields, headerSize, readHeader, writeHeader } from "../../src/stream/message-header.ts";

describe("message header", () => {
  it("message header - has the documented byte layout", () => {
    const buf = new Uint8Array(40);
    writeHeader(buf, 0x01020304, 0x0000_0506_0708_090a, 1_700_000_000_123_456);
    assert.deepEqual([...buf.subarray(0, 8)], [0x5a, 0x4d, 0x51, 0x44, 1, 0, 0, 32]);
    assert.deepEqual([...buf.subarray(8, 16)], [1, 2, 3, 4, 0, 0, 0, 0]);
    assert.deepEqual([...buf.subarray(16, 24)], [0, 0, 5, 6, 7, 8, 9, 10]);
    const v = new DataView(buf.buffer);
    assert.equal(v.getBigUint64(24), 1_700_000_000_123_456n);
    assert.deepEqual([...buf.subarray(32)], [0, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(headerSize, 32);
  });

  it("message header - reads back what it wrote (property)", () => {
    fc.assert(fc.property(fc.nat(0xffffffff), fc.maxSafeNat(), fc.maxSafeNat(), (stream, seq, us) => {
      const buf = new Uint8Array(headerSize);
      writeHeader(buf, stream, seq, us);
      const out: HeaderFields = { stream: -1, seq: -1, sentUs: -1 };
      assert.equal(readHeader(buf, out), true);
      assert.deepEqual(out, { stream, seq, sentUs: us });
    }));
  });

  it("message header - refuses short payloads, a wrong magic and an unknown version", () => {
    const out: HeaderFields = { stream: 0, seq: 0, sentUs: 0 };
    const good = new Uint8Array(headerSize);
    writeHeader(good, 1, 2, 3);
    assert.equal(readHeader(good.subarray(0, 31), out), false);
    const badMagic = good.slice();
    badMagic[0] = 0x41;
    assert.equal(readHeader(badMagic, out), false);
    const badVersion = good.slice();
    badVersion[4] = 2;
    assert.equal(readHeader(badVersion, out), false);
    assert.equal(readHeader(new TextEncoder().encode("hello, this is not a zmqdiag message"), out), false);
  });

  it("message header - refuses a sequence number above 2^53", () => {
    const buf = new Uint8Array(headerSize);
    writeHeader(buf, 1, 2, 3);
    new DataView(buf.buffer).setBigUint64(16, 2n ** 60n);
    assert.equal(readHeader(buf, { stream: 0, seq: 0, sentUs: 0 }), false);
  });
});
