import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { SequenceTracker } from "../../src/stream/sequence-tracker.ts";
import { GapBudget } from "../../src/stream/missing-set.ts";

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

function track(seqs: number[], fromZero = false, budget = new GapBudget()) {
  const t = new SequenceTracker(fromZero, budget);
  for (const s of seqs) t.add(s);
  return t.state();
}

describe("sequence tracker", () => {
  it("sequence tracker - a clean stream has no findings", () => {
    const s = track(Array.from({ length: 1000 }, (_, i) => i));
    assert.deepEqual([s.received, s.lost, s.duplicates, s.reordered, s.gaps.length, s.first, s.highest], [
      1000,
      0,
      0,
      0,
      0,
      0,
      999,
    ]);
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

  it("sequence tracker - memory stays bounded: past the budget lost stays exact, and a late number there makes the counts an estimate", () => {
    // A 1024-number window and 100 ranges behind it, in place of 64 MiB and 1,000,000.
    const t = new SequenceTracker(false, new GapBudget(128, 100, 1024));
    for (let i = 0; i < 200_000; i += 2) t.add(i); // every odd number missing: 99,999 gaps
    let s = t.state();
    assert.deepEqual([s.lost, s.gaps.length + s.gapsOmitted, s.estimate], [99_999, 99_999, false]);
    assert.ok(s.gaps.length <= 100 + 1024 / 2 + 1, `${s.gaps.length} ranges kept`); // the budget, no more
    assert.deepEqual(s.gaps[s.gaps.length - 1], [199_997, 199_997]);
    assert.equal(t.add(199_997), "reordered"); // in the window: still exact
    assert.equal(t.add(1), "duplicate"); // long forgotten: cannot be told from a duplicate
    s = t.state();
    assert.deepEqual([s.lost, s.reordered, s.duplicates, s.estimate], [99_998, 1, 1, true]);
  });

  it("sequence tracker - 3000 numbers, evens then odds, are exact", () => {
    const seqs = [
      ...Array.from({ length: 1500 }, (_, i) => 2 * i),
      ...Array.from({ length: 1500 }, (_, i) => 2 * i + 1),
    ];
    const s = track(seqs, true);
    assert.deepEqual([s.received, s.lost, s.duplicates, s.reordered, s.gaps.length], [3000, 0, 0, 1499, 0]);
  });

  it("sequence tracker - 1,000,000 numbers shuffled within windows of 10,000 are exact", () => {
    const n = 1_000_000;
    const w = 10_000;
    const seqs = new Array<number>(n);
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let start = 0; start < n; start += w) {
      for (let i = 0; i < w; i++) seqs[start + i] = start + i;
      for (let i = w - 1; i > 0; i--) {
        const j = start + Math.floor(rand() * (i + 1));
        [seqs[start + i], seqs[j]] = [seqs[j], seqs[start + i]];
      }
    }
    let highest = -1;
    let late = 0;
    for (const x of seqs) x < highest ? late++ : (highest = x);
    const s = track(seqs, true);
    assert.deepEqual([s.received, s.lost, s.duplicates, s.reordered, s.gaps.length], [n, 0, 0, late, 0]);
  });

  it("sequence tracker - any order of a number set with duplicates gives exact lost, duplicates and reordered (property)", () => {
    const input = fc.record({
      set: fc.uniqueArray(fc.nat(3000), { minLength: 1, maxLength: 300 }),
      dupPicks: fc.array(fc.nat(), { maxLength: 60 }),
      order: fc.array(fc.nat(), { maxLength: 400 }),
      window: fc.constantFrom(64, 256, 2 ** 26),
    });
    fc.assert(
      fc.property(input, ({ set, dupPicks, order, window }) => {
        const msgs = [...set, ...dupPicks.map((p) => set[p % set.length])];
        // A permutation driven by `order` (Fisher-Yates with the given picks).
        for (let i = msgs.length - 1; i > 0; i--) {
          const j = (order[i % Math.max(1, order.length)] ?? 0) % (i + 1);
          [msgs[i], msgs[j]] = [msgs[j], msgs[i]];
        }
        const max = Math.max(...set);
        const seen = new Set<number>();
        let highest = -1;
        let reordered = 0;
        for (const x of msgs) {
          if (!seen.has(x) && x < highest) reordered++;
          seen.add(x);
          highest = Math.max(highest, x);
        }
        const s = track(msgs, true, new GapBudget(window / 8, 1_000_000, window));
        assert.equal(s.lost, max + 1 - set.length);
        assert.equal(s.duplicates, dupPicks.length);
        assert.equal(s.reordered, reordered);
        assert.equal(s.estimate, false);
        const missing = [];
        for (let k = 0; k <= max; k++) if (!seen.has(k)) missing.push(k);
        // At most 301 ranges here: all of them are listed.
        assert.deepEqual(s.gaps.flatMap(([f, t]) => Array.from({ length: t - f + 1 }, (_, k) => f + k)), missing);
      }),
      { numRuns: 300 },
    );
  });

  it("sequence tracker - --expect: numbers after the highest seen are lost up to the last one", () => {
    const t = new SequenceTracker(true);
    for (const x of [1, 2, 3, 5]) t.add(x);
    assert.deepEqual(t.closeAt(9), [6, 9]);
    assert.equal(t.closeAt(9), null);
    const s = t.state();
    assert.deepEqual([s.lost, s.gaps], [6, [[0, 0], [4, 4], [6, 9]]]);
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
        else if (op === "swap") {
          out.push(n + 1, n);
          n += 2;
        } else out.push(n++);
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
