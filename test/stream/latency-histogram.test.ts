import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { LatencyHistogram } from "../../src/stream/latency-histogram.ts";
import { drawHistogram, histogramRows } from "../../src/stream/text-histogram.ts";

describe("latency histogram", () => {
  it("latency histogram - percentiles of 1..1000 within 1.6%", () => {
    const h = new LatencyHistogram();
    for (let v = 1; v <= 1000; v++) h.record(v);
    const s = h.summary();
    assert.equal(s.count, 1000);
    assert.equal(s.min, 1);
    assert.equal(s.max, 1000);
    for (const [got, want] of [[s.p50, 500], [s.p90, 900], [s.p99, 990]]) {
      assert.ok(got >= want && got <= want * 1.016, `${got} vs ${want}`);
    }
  });

  it("latency histogram - every value lands in a bucket that holds it, 1.6% wide at most (property)", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (v) => {
      const [lo, hi] = LatencyHistogram.bucketBounds(v);
      assert.ok(lo <= v && v <= hi, `${v} in [${lo}, ${hi}]`);
      assert.ok(hi - lo <= Math.max(0, v * 0.016), `${v}: [${lo}, ${hi}]`);
    }));
  });

  it("latency histogram - negative values count as 0 and huge ones are clamped", () => {
    const h = new LatencyHistogram();
    h.record(-50);
    h.record(1e12);
    assert.equal(h.min, 0);
    assert.equal(h.max, 2 ** 31 - 1);
    assert.equal(h.count, 2);
  });

  it("latency histogram - an empty histogram summarises to zeros", () => {
    assert.deepEqual(new LatencyHistogram().summary(), { count: 0, min: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 });
  });

  it("text histogram - rows on a 1-2-5 scale cover every value once", () => {
    const h = new LatencyHistogram();
    for (const v of [60, 70, 150, 180, 190, 2500]) h.record(v);
    const rows = histogramRows(h);
    assert.deepEqual(rows.map((r) => [r.fromUs, r.toUs, r.count]), [
      [60, 99, 2],
      [100, 199, 3],
      [200, 499, 0],
      [500, 999, 0],
      [1000, 1999, 0],
      [2000, 4999, 1],
    ]);
    const lines = drawHistogram(rows, 10);
    assert.equal(lines.length, 6);
    assert.match(lines[1], /100µs-199µs █{10} 3$/);
    assert.match(lines[2], /200µs-499µs {12}0$/);
    assert.match(lines[5], /2ms-5ms █{3,4} +1$/);
  });
});
