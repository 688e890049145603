import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { Accounting } from "../../src/sub/accounting.ts";
import { parseSeqSpec } from "../../src/stream/seq-extractor.ts";
import { writeHeader } from "../../src/stream/message-header.ts";

function msg(stream: number, seq: number): Buffer[] {
  const p = Buffer.alloc(32);
  writeHeader(p, stream, seq, 0);
  return [Buffer.from(""), p];
}

describe("sub expect rule", () => {
  it("sub expect rule - no stream has reached anything before the first message", () => {
    const a = new Accounting(parseSeqSpec("header"), { fromZero: true });
    assert.equal(a.allStreamsReached(0), false);
  });

  it("sub expect rule - every stream seen so far must have reached the last number", () => {
    const a = new Accounting(parseSeqSpec("header"), { fromZero: true });
    for (const seq of [0, 1, 4, 9]) a.add(msg(1, seq));
    assert.equal(a.allStreamsReached(9), true);
    assert.equal(a.allStreamsReached(10), false);
    a.add(msg(2, 3)); // a second stream, still under way
    assert.equal(a.allStreamsReached(9), false);
    a.add(msg(2, 12)); // past the last number also counts
    assert.equal(a.allStreamsReached(9), true);
    a.add(msg(2, 5)); // a late, reordered number does not move the highest back
    assert.equal(a.allStreamsReached(9), true);
  });

  it("sub expect rule - messages without a sequence number give no stream", () => {
    const a = new Accounting(parseSeqSpec("none"), { fromZero: true });
    a.add([Buffer.from("x")]);
    assert.equal(a.allStreamsReached(0), false);
  });
});
