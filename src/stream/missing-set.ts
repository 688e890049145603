/**
 * The numbers of one stream that are missing right now, kept exactly within a stated memory
 * bound. Recent numbers live in a bitmap over the reorder window (one bit per number from the
 * oldest open gap to the highest seen), so a late message finds and fills its gap in O(1)
 * however many gaps are open. Gaps that fall more than a window behind the highest number move
 * to a sorted list of ranges. Only when the run's budget of ranges is spent are the oldest ranges
 * forgotten: their numbers stay counted, but a late message for one of them can then no longer be
 * told from a duplicate, and `lookup` says so (UNKNOWN) instead of guessing silently.
 */
import type { SeqRange } from "./skip-list.ts";

/** The memory bound shared by every stream of a run. */
export class GapBudget {
  /** Bitmap bytes in use and ranges in use, across all streams. */
  bitmapBytes = 0;
  ranges = 0;
  constructor(
    /** Total bitmap memory: 64 MiB, i.e. 512 M numbers of reorder window over all streams. */
    readonly maxBitmapBytes = 64 * 1024 * 1024,
    /** Total ranges behind the windows: 1,000,000 (about 16 MB). */
    readonly maxRanges = 1_000_000,
    /** One stream's window, in numbers: 2^26 (8 MiB of bitmap). */
    readonly maxWindow = 2 ** 26,
  ) {}
}

/** `lookup` results. */
export const ABSENT = 0;
export const MISSING = 1;
/** The number lies in a range that was forgotten (budget spent): missing or not, nobody knows. */
export const UNKNOWN = 2;

const initialWords = 32; // 1024 numbers

/** The missing numbers of one stream. */
export class MissingSet {
  /** Missing numbers now, forgotten ones included. */
  count = 0;
  /** Ranges forgotten because the budget was spent. */
  forgotten = 0;
  /** The highest number of a forgotten range (-1: none). */
  forgottenUpTo = -1;
  private bits = new Uint32Array(0);
  /** The number of bit 0. */
  private base = 0;
  /** Missing numbers in the bitmap. */
  private inBits = 0;
  /** Ranges below `base`, sorted: [from0, to0, from1, to1, ...] from index `head`. */
  private old: number[] = [];
  private head = 0;

  constructor(private readonly budget: GapBudget = new GapBudget()) {}

  /** Adds [from, to]; `from` must be above every number added before. */
  addRange(from: number, to: number): void {
    this.count += to - from + 1;
    if (this.inBits === 0) this.base = from;
    if (!this.makeRoom(from, to)) {
      // A jump too long for the window (or no bitmap memory left): one range, not bits.
      this.flush(this.bits.length * 32);
      this.pushOld(from, to);
      this.base = to + 1;
      return;
    }
    this.setBits(from - this.base, to - this.base);
    this.inBits += to - from + 1;
  }

  /** MISSING (and removes it), ABSENT, or UNKNOWN for a number in a forgotten range. */
  take(n: number): number {
    if (n >= this.base && n - this.base < this.bits.length * 32) {
      const i = n - this.base;
      const w = i >>> 5;
      const m = 1 << (i & 31);
      if ((this.bits[w] & m) === 0) return ABSENT;
      this.bits[w] &= ~m;
      this.inBits--;
      this.count--;
      return MISSING;
    }
    if (n >= this.base) return ABSENT;
    if (this.takeOld(n)) {
      this.count--;
      return MISSING;
    }
    return n <= this.forgottenUpTo ? UNKNOWN : ABSENT;
  }

  /** True when `n` is missing (known to be). */
  has(n: number): boolean {
    if (n >= this.base) {
      const i = n - this.base;
      return i < this.bits.length * 32 && (this.bits[i >>> 5] & (1 << (i & 31))) !== 0;
    }
    return this.findOld(n) >= 0;
  }

  /** The missing ranges known, oldest first: at most `limit`; `total` counts them all. */
  ranges(limit = Infinity): { ranges: SeqRange[]; total: number } {
    const out: SeqRange[] = [];
    let total = 0;
    let lastFrom = 0;
    let lastTo = -2;
    const emit = (a: number, b: number) => {
      // A run cut where the window slid continues its range below the bitmap: one range.
      if (total > 0 && a === lastTo + 1) {
        lastTo = b;
        const tail = out[out.length - 1];
        if (tail && tail[0] === lastFrom) tail[1] = b;
        return;
      }
      total++;
      lastFrom = a;
      lastTo = b;
      if (out.length < limit) out.push([a, b]);
    };
    for (let k = this.head; k < this.old.length; k += 2) emit(this.old[k], this.old[k + 1]);
    let runStart = -1;
    const words = this.bits;
    for (let w = 0; w < words.length; w++) {
      const v = words[w];
      if ((v === 0 && runStart < 0) || (v === 0xffffffff && runStart >= 0)) continue;
      for (let b = 0; b < 32; b++) {
        const set = (v & (1 << b)) !== 0;
        const i = w * 32 + b;
        if (set && runStart < 0) runStart = i;
        else if (!set && runStart >= 0) {
          emit(this.base + runStart, this.base + i - 1);
          runStart = -1;
        }
      }
    }
    if (runStart >= 0) emit(this.base + runStart, this.base + words.length * 32 - 1);
    return { ranges: out, total };
  }

  /** Gives back what this set holds of the budget (its stream is gone). */
  release(): void {
    this.budget.bitmapBytes -= this.bits.byteLength;
    this.budget.ranges -= (this.old.length - this.head) / 2;
    this.bits = new Uint32Array(0);
    this.old = [];
    this.head = 0;
  }

  /** Makes bits for [from, to] exist (rebase, grow, or move the oldest words to ranges); false when it cannot. */
  private makeRoom(from: number, to: number): boolean {
    const fits = () => to - this.base < this.bits.length * 32;
    if (fits()) return true;
    if (to - from + 1 > this.budget.maxWindow / 4) return false;
    // Drop leading words that hold nothing.
    let lead = 0;
    while (lead < this.bits.length && this.bits[lead] === 0) lead++;
    if (lead > 0) this.shiftWords(lead);
    if (this.inBits === 0) this.base = from;
    if (fits()) return true;
    const need = to - this.base + 1;
    let words = Math.max(initialWords, this.bits.length);
    while (words * 32 < need && words * 32 < this.budget.maxWindow) words *= 2;
    words = Math.min(words, this.budget.maxWindow / 32);
    const extra = (words - this.bits.length) * 4;
    if (words > this.bits.length && this.budget.bitmapBytes + extra <= this.budget.maxBitmapBytes) {
      const grown = new Uint32Array(words);
      grown.set(this.bits);
      this.budget.bitmapBytes += extra;
      this.bits = grown;
    }
    if (fits()) return true;
    // Still short: the oldest part of the window goes to ranges (a quarter more than needed).
    const cap = this.bits.length * 32;
    if (cap === 0) return false;
    this.flush(Math.min(cap, Math.ceil((need - cap + cap / 4) / 32) * 32));
    if (this.inBits === 0) this.base = from;
    return fits();
  }

  /** Moves the first `n` numbers of the bitmap (a multiple of 32) to ranges and shifts the rest down. */
  private flush(n: number): void {
    const words = Math.min(this.bits.length, n >>> 5);
    let runStart = -1;
    for (let i = 0; i < words * 32; i++) {
      const set = (this.bits[i >>> 5] & (1 << (i & 31))) !== 0;
      if (set && runStart < 0) runStart = i;
      else if (!set && runStart >= 0) {
        this.pushOld(this.base + runStart, this.base + i - 1);
        this.inBits -= i - runStart;
        runStart = -1;
      }
    }
    if (runStart >= 0) {
      // A run that goes on past the flushed words: move it only up to the cut.
      const cut = words * 32;
      this.pushOld(this.base + runStart, this.base + cut - 1);
      this.inBits -= cut - runStart;
    }
    this.shiftWords(words);
  }

  private shiftWords(k: number): void {
    if (k <= 0) return;
    this.bits.copyWithin(0, k);
    this.bits.fill(0, this.bits.length - k);
    this.base += k * 32;
  }

  private setBits(a: number, b: number): void {
    for (let i = a; i <= b;) {
      const w = i >>> 5;
      const lo = i & 31;
      const hi = Math.min(31, lo + (b - i));
      const mask = hi - lo === 31 ? 0xffffffff : ((1 << (hi - lo + 1)) - 1) << lo;
      this.bits[w] |= mask;
      i += hi - lo + 1;
    }
  }

  private pushOld(from: number, to: number): void {
    const o = this.old;
    if (o.length > this.head && o[o.length - 1] === from - 1) {
      o[o.length - 1] = to;
      return;
    }
    if (this.budget.ranges >= this.budget.maxRanges) {
      if (o.length > this.head) {
        // Forget this stream's oldest range; its numbers stay counted in `count`.
        this.forget(o[this.head + 1]);
        this.head += 2;
        this.budget.ranges--;
        if (this.head > 1024 && this.head * 2 > o.length) {
          o.splice(0, this.head);
          this.head = 0;
        }
      } else {
        this.forget(to);
        return;
      }
    }
    o.push(from, to);
    this.budget.ranges++;
  }

  private forget(upTo: number): void {
    this.forgotten++;
    if (upTo > this.forgottenUpTo) this.forgottenUpTo = upTo;
  }

  /** Index (even) of the old range holding n, or -1. */
  private findOld(n: number): number {
    const o = this.old;
    let lo = 0;
    let hi = (o.length - this.head) / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = this.head + mid * 2;
      if (n < o[k]) hi = mid - 1;
      else if (n > o[k + 1]) lo = mid + 1;
      else return k;
    }
    return -1;
  }

  private takeOld(n: number): boolean {
    const k = this.findOld(n);
    if (k < 0) return false;
    const o = this.old;
    if (o[k] === o[k + 1]) {
      o.splice(k, 2);
      this.budget.ranges--;
    } else if (n === o[k]) o[k]++;
    else if (n === o[k + 1]) o[k + 1]--;
    else {
      o.splice(k + 2, 0, n + 1, o[k + 1]);
      o[k + 1] = n - 1;
      this.budget.ranges++;
    }
    return true;
  }
}
