import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { Accounting, type GapEvent } from "../../src/sub/accounting.ts";
import { parseSeqSpec } from "../../src/stream/seq-extractor.ts";
import { writeHeader } from "../../src/stream/message-header.ts";
import { nowMicros } from "../../src/stream/clock.ts";

function msg(stream: number, seq: number, sentUs = nowMicros()): Buffer[] {
  const p = Buffer.alloc(64);
  writeHeader(p, stream, seq, sentUs);
  return [Buffer.from("topic"), p];
}

describe("sub accounting", () => {
  it("sub accounting - keeps streams apart and reports each gap as it is found", () => {
    const gaps: GapEvent[] = [];
    const a = new Accounting(parseSeqSpec("header"), { fromZero: false, onGap: (g) => gaps.push(g) });
    for (const seq of [0, 1, 2, 5, 6]) a.add(msg(1, seq));
    for (const seq of [100, 101, 103]) a.add(msg(2, seq));
    a.add([Buffer.from("garbage")]);
    const s = a.snapshot();
    assert.deepEqual(gaps.map(({ stream, from, to, count }) => ({ stream, from, to, count })), [{
      stream: 1,
      from: 3,
      to: 4,
      count: 2,
    }, { stream: 2, from: 102, to: 102, count: 1 }]);
    // No connection facts, no pressure: nothing here explains them.
    assert.deepEqual(gaps.map((g) => g.cause), ["upstream", "upstream"]);
    assert.deepEqual([s.received, s.unparsed, s.lost, s.duplicates, s.reordered], [9, 1, 3, 0, 0]);
    assert.deepEqual(s.gaps, [[3, 4], [102, 102]]);
    assert.deepEqual(s.streams.map((x) => [x.stream, x.received, x.first, x.highest, x.lost]), [[1, 5, 0, 6, 2], [
      2,
      3,
      100,
      103,
      1,
    ]]);
  });

  it("sub accounting - measures latency from the header's send time", () => {
    const a = new Accounting(parseSeqSpec("header"), { fromZero: false });
    a.add(msg(1, 0, nowMicros() - 5000));
    const l = a.snapshot().latencyUs!;
    assert.equal(l.count, 1);
    assert.ok(l.max >= 5000 && l.max < 5000 + 1_000_000, String(l.max));
    assert.ok(a.snapshot().latencyHistogram.length >= 1);
  });

  it("sub accounting - other --seq sources have one stream and no latency", () => {
    const a = new Accounting(parseSeqSpec("json:n"), { fromZero: true });
    for (const n of [1, 2, 2]) a.add([Buffer.from(JSON.stringify({ n }))]);
    const s = a.snapshot();
    assert.equal(s.latencyUs, null);
    assert.deepEqual([s.lost, s.duplicates, s.gaps], [1, 1, [[0, 0]]]);
    assert.deepEqual(s.streams.map((x) => x.stream), [0]);
  });

  it("sub accounting - --seq none only counts", () => {
    const a = new Accounting(parseSeqSpec("none"), { fromZero: false });
    for (let i = 0; i < 10; i++) a.add([Buffer.from("x")]);
    const s = a.snapshot();
    assert.deepEqual([s.received, s.unparsed, s.streams.length, s.lost], [10, 0, 0, 0]);
  });
});
