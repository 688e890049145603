/**
 * A count-min sketch: approximate counts for any number of keys in fixed memory. An estimate is
 * never below the true count, and above it only by collisions (about events / width). The bus
 * uses it to decide whether a topic it does not keep yet is busier than the least busy one it
 * keeps (topic-table.ts).
 */

const ROWS = 4;

/** FNV-1a over a string's UTF-16 code units, from `seed`. */
function fnv(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Approximate counts of strings, in `4 * width` counters. */
export class CountSketch {
  private readonly cells: Uint32Array;
  private readonly mask: number;

  /** `width`: counters per row, rounded up to a power of two. */
  constructor(width = 16_384) {
    const w = 2 ** Math.ceil(Math.log2(Math.max(2, width)));
    this.mask = w - 1;
    this.cells = new Uint32Array(ROWS * w);
  }

  /** Counts one event of `key`; returns its estimate now (conservative update: only the lowest cells grow). */
  add(key: string): number {
    const h1 = fnv(key, 0x811c9dc5);
    const h2 = fnv(key, 0x9747b28c) | 1;
    const w = this.mask + 1;
    let min = Infinity;
    for (let r = 0; r < ROWS; r++) min = Math.min(min, this.cells[r * w + ((h1 + r * h2) & this.mask)]);
    const next = min + 1;
    for (let r = 0; r < ROWS; r++) {
      const i = r * w + ((h1 + r * h2) & this.mask);
      if (this.cells[i] < next) this.cells[i] = next;
    }
    return next;
  }
}
