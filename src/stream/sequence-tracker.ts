/**
 * Accounting of one stream's sequence numbers: gaps (lost), duplicates and reorders. The missing
 * numbers are kept exactly (missing-set.ts), so a late message fills its gap however many gaps
 * are open, within the run's memory bound; if that bound is ever spent, `estimate` says that the
 * counts are no longer exact instead of calling them exact.
 */
import { GapBudget, MISSING, MissingSet, UNKNOWN } from "./missing-set.ts";
import type { SeqRange } from "./skip-list.ts";

/** What happened to one sequence number. */
export type SeqOutcome = "next" | "gap" | "duplicate" | "reordered";

/** Gap ranges listed per stream in a snapshot; the rest are counted in `gapsOmitted`. */
export const gapsListed = 1000;

/** A tracker's counts at one moment (plain data). */
export interface TrackerState {
  received: number;
  /** Numbers missing now (a reorder that fills a gap takes it back). */
  lost: number;
  duplicates: number;
  reordered: number;
  /** First number seen (the baseline, unless the stream was said to start at 0). */
  first: number;
  highest: number;
  /** Missing ranges still open, oldest first (inclusive), at most `gapsListed`. */
  gaps: SeqRange[];
  /** Open ranges not listed in `gaps` (lost still counts them). */
  gapsOmitted: number;
  /** True once the memory bound was hit and a late number could not be told from a duplicate. */
  estimate: boolean;
}

/** The sequence accounting of one stream. */
export class SequenceTracker {
  received = 0;
  lost = 0;
  duplicates = 0;
  reordered = 0;
  first = -1;
  highest = -1;
  estimate = false;
  /** The last gap found by `add` (valid right after it returned "gap"). */
  lastGapFrom = 0;
  lastGapTo = 0;
  private readonly missing: MissingSet;
  private started: boolean;

  /** `fromZero`: the stream starts at 0, so numbers before the first one seen are lost. */
  constructor(fromZero = false, budget: GapBudget = new GapBudget()) {
    this.missing = new MissingSet(budget);
    this.started = fromZero;
    if (fromZero) this.first = 0;
  }

  /** Accounts for one number. */
  add(seq: number): SeqOutcome {
    this.received++;
    if (!this.started) {
      this.started = true;
      this.first = seq;
      this.highest = seq;
      return "next";
    }
    const h = this.highest;
    if (seq === h + 1) {
      this.highest = seq;
      return "next";
    }
    if (seq > h) {
      this.recordGap(h + 1, seq - 1);
      this.highest = seq;
      return "gap";
    }
    // Before the baseline of a stream joined late: it is late, so out of order.
    if (seq < this.first) {
      this.reordered++;
      return "reordered";
    }
    const r = this.missing.take(seq);
    if (r === MISSING) {
      this.reordered++;
      this.lost--;
      return "reordered";
    }
    // In a range forgotten for want of memory: counted as a duplicate, and the counts say "estimate".
    if (r === UNKNOWN) this.estimate = true;
    this.duplicates++;
    return "duplicate";
  }

  /** True when `seq` is missing now (a late message would fill it). */
  isMissing(seq: number): boolean {
    return seq >= this.first && this.missing.has(seq);
  }

  /**
   * The stream was expected to reach `last` (--expect): the numbers after the highest seen up to
   * `last` are lost. Returns the gap, or null when the stream got that far.
   */
  closeAt(last: number): SeqRange | null {
    if (!this.started || this.highest >= last) return null;
    const from = this.highest + 1;
    this.recordGap(from, last);
    this.highest = last;
    return [from, last];
  }

  /** The counts now, as plain data. */
  state(): TrackerState {
    const { ranges, total } = this.missing.ranges(gapsListed);
    return {
      received: this.received,
      lost: this.lost,
      duplicates: this.duplicates,
      reordered: this.reordered,
      first: this.first,
      highest: this.highest,
      gaps: ranges,
      gapsOmitted: total - ranges.length + this.missing.forgotten,
      estimate: this.estimate,
    };
  }

  /** Gives its memory back to the run's budget (the tracker is no longer fed). */
  release(): void {
    this.missing.release();
  }

  private recordGap(from: number, to: number): void {
    this.lastGapFrom = from;
    this.lastGapTo = to;
    this.lost += to - from + 1;
    this.missing.addRange(from, to);
  }
}
