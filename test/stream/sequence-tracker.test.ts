import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { SequenceTracker } from "../../src/stream/sequence-tracker.ts";

/** The obvious model: a set of every number missing, no bound on memory. */
function model(seqs: number[], fromZero: boolean) {
  let started = fromZero;
  let first = fromZero ? 0 : -1;
  let highest = -1;
  const missing = new Set<number>();
  let duplicates = 0;
  let reordered = 0;
  for (const s of seqs) {
    if (!started) {
      started = true;
      first = highest = s;
    } else if (s > highest) {
      for (let m = highest + 1; m < s; m++) missing.add(m);
      highest = s;
    } else if (s < first) reordered++;
    else if (missing.delete(s)) reordered++;
    else duplicates++;
  }
  const sorted = [...missing].sort((a, b) => a - b);
  const gaps: Array<[number, number]> = [];
  for (const m of sorted) {
    const last = gaps[gaps.length - 1];
    if (last && last[1] === m - 1) last[1] = m;
    else gaps.push([m, m]);
  }
  return { lost: missing.size, duplicates, reordered, gaps, highest };
}

function track(seqs: number[], fromZero = false, maxGaps = 1000) {
  const t = new SequenceTracker(fromZero, maxGaps);
  for (const s of seqs) t.add(s);
  return t.state();
}

describe("sequence tracker", () => {
  it("sequence tracker - a clean stream has no findings", () => {
    const s = track(Array.from({ length: 1000 }, (_, i) => i));
    assert.deepEqual([s.received, s.lost, s.duplicates, s.reordered, s.gaps.length, s.first, s.highest], [1000, 0, 0, 0, 0, 0, 999]);
  });

  it("sequence tracker - gaps are reported as inclusive ranges", () => {
    const s = track([0, 1, 2, 5, 6, 10, 11]);
    assert.equal(s.lost, 5);
    assert.deepEqual(s.gaps, [[3, 4], [7, 9]]);
  });

  it("sequence tracker - a late joiner's first number is the baseline", () => {
    const s = track([500, 501, 502]);
    assert.deepEqual([s.lost, s.first, s.gaps.length], [0, 500, 0]);
  });

  it("sequence tracker - from zero, numbers before the first one seen are lost", () => {
    const s = track([3, 4], true);
    assert.deepEqual(s.gaps, [[0, 2]]);
    assert.equal(s.lost, 3);
  });

  it("sequence tracker - a late number inside a gap is a reorder and fills the gap", () => {
    const s = track([0, 1, 4, 2, 5]);
    assert.deepEqual([s.lost, s.reordered, s.duplicates], [1, 1, 0]);
    assert.deepEqual(s.gaps, [[3, 3]]);
  });

  it("sequence tracker - a number seen before is a duplicate", () => {
    const s = track([0, 1, 2, 1, 2, 2]);
    assert.deepEqual([s.lost, s.reordered, s.duplicates, s.received], [0, 0, 3, 6]);
  });

  it("sequence tracker - a reorder in the middle of a gap splits it", () => {
    const s = track([0, 10, 5]);
    assert.deepEqual(s.gaps, [[1, 4], [6, 9]]);
    assert.equal(s.lost, 8);
  });

  it("sequence tracker - memory stays bounded: at most maxGaps ranges, lost still exact", () => {
    const t = new SequenceTracker(false, 100);
    for (let i = 0; i < 200_000; i += 2) t.add(i); // every odd number missing: 99,999 gaps
    const s = t.state();
    assert.equal(s.lost, 99_999);
    assert.equal(s.gaps.length, 100);
    assert.equal(s.gapsOmitted, 99_899);
    assert.deepEqual(s.gaps[99], [199_997, 199_997]);
  });

  it("sequence tracker - agrees with a simple model on random small streams (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(60), { maxLength: 80 }), fc.boolean(), (seqs, fromZero) => {
        const s = track(seqs, fromZero);
        const m = model(seqs, fromZero);
        assert.equal(s.lost, m.lost);
        assert.equal(s.duplicates, m.duplicates);
        assert.equal(s.reordered, m.reordered);
        assert.deepEqual(s.gaps, m.gaps);
        assert.equal(s.received, seqs.length);
        if (seqs.length) assert.equal(s.highest, Math.max(m.highest, ...seqs));
      }),
      { numRuns: 500 },
    );
  });

  it("sequence tracker - mostly ordered streams with drops, duplicates and swaps agree with the model (property)", () => {
    const stream = fc.array(fc.constantFrom("next", "drop", "dup", "swap"), { maxLength: 200 }).map((ops) => {
      const out: number[] = [];
      let n = 0;
      for (const op of ops) {
        if (op === "drop") n++;
        else if (op === "dup" && out.length) out.push(out[out.length - 1]);
        else if (op === "swap") { out.push(n + 1, n); n += 2; } else out.push(n++);
      }
      return out;
    });
    fc.assert(
      fc.property(stream, (seqs) => {
        const s = track(seqs);
        const m = model(seqs, false);
        assert.deepEqual([s.lost, s.duplicates, s.reordered, s.gaps], [m.lost, m.duplicates, m.reordered, m.gaps]);
      }),
      { numRuns: 300 },
    );
  });
});
