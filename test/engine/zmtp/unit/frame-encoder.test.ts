import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { FrameWriter } from "../../../../src/engine/zmtp/frame-encoder.ts";

function collector() {
  const writes: Buffer[] = [];
  const w = new FrameWriter({ write: (b) => (writes.push(Buffer.from(b)), true) });
  return { w, writes, all: () => Buffer.concat(writes) };
}

describe("zmtp frame encoder", () => {
  it("frame encoder - a multipart message sets MORE on all frames but the last", () => {
    const { w, all } = collector();
    w.message([Buffer.from("a"), Buffer.from(""), Buffer.from("bc")]);
    w.flush();
    assert.equal(all().toString("hex"), "010161" + "0100" + "00026263");
  });

  it("frame encoder - bodies up to 255 bytes use the short form, longer ones the 8-byte form", () => {
    const { w, all } = collector();
    w.frame(0, Buffer.alloc(255, 1));
    w.frame(0, Buffer.alloc(256, 2));
    w.flush();
    const b = all();
    assert.deepEqual([...b.subarray(0, 2)], [0x00, 0xff]);
    assert.deepEqual([...b.subarray(257, 266)], [0x02, 0, 0, 0, 0, 0, 0, 0x01, 0x00]);
    assert.equal(b.length, 2 + 255 + 9 + 256);
  });

  it("frame encoder - a command frame has flag 0x04", () => {
    const { w, all } = collector();
    w.command(Buffer.from("\x04PONG", "latin1"));
    w.flush();
    assert.equal(all().toString("hex"), "0405" + Buffer.from("\x04PONG", "latin1").toString("hex"));
  });

  it("frame encoder - many small messages leave in few writes (batching)", () => {
    const { w, writes, all } = collector();
    for (let i = 0; i < 1000; i++) w.message([Buffer.alloc(100, i & 0xff)]);
    w.flush();
    assert.equal(all().length, 1000 * 102);
    assert.ok(writes.length <= 2, `1000 messages took ${writes.length} writes`);
  });

  it("frame encoder - a 1 MiB body is written as is, after its header", () => {
    const { w, writes, all } = collector();
    const big = Buffer.alloc(1 << 20, 9);
    w.frame(0, big);
    w.flush();
    assert.equal(all().length, 9 + (1 << 20));
    assert.equal(writes.at(-1)!.length, 1 << 20);
  });
});
