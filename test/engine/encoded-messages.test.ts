import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { forEachLastFrame } from "../../src/engine/encoded-messages.ts";

describe("encoded messages", () => {
  it("encoded messages - finds the last frame of each message, short and long frames alike", () => {
    const long = Buffer.alloc(300, 7);
    const bytes = Buffer.concat([
      Buffer.from([0x01, 0x01, 0x61, 0x00, 0x02, 0x68, 0x69]), // ["a", "hi"]
      Buffer.from([0x02, 0, 0, 0, 0, 0, 0, 0x01, 0x2c]),
      long, // [300 bytes of 7]
      Buffer.from([0x00, 0x00]), // [""]
    ]);
    const seen: Array<[number, number]> = [];
    const n = forEachLastFrame(bytes, 0, bytes.length, (_b, at, len) => seen.push([at, len]));
    assert.equal(n, 3);
    assert.deepEqual(seen, [[5, 2], [16, 300], [318, 0]]);
    assert.equal(bytes.subarray(5, 7).toString(), "hi");
  });
});
