/**
 * Accounting of one stream's sequence numbers: gaps (lost), duplicates and reorders, in memory
 * that stays bounded whatever the stream's length. Only the missing ranges are kept (not every
 * number seen), and at most `maxGaps` of them: beyond that the oldest range is forgotten
 * (counted in `gapsOmitted`; its numbers stay counted as lost, but one of them arriving late is
 * then counted as a duplicate rather than a reorder).
 */
import type { SeqRange } from "./skip-list.ts";

/** What happened to one sequence number. */
export type SeqOutcome = "next" | "gap" | "duplicate" | "reordered";

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
  /** Missing ranges still open, oldest first (inclusive). */
  gaps: SeqRange[];
  /** Ranges forgotten because of the cap. */
  gapsOmitted: number;
}

/** The sequence accounting of one stream. */
export class SequenceTracker {
  received = 0;
  lost = 0;
  duplicates = 0;
  reordered = 0;
  first = -1;
  highest = -1;
  gapsOmitted = 0;
  /** The last gap found by `add` (valid right after it returned "gap"). */
  lastGapFrom = 0;
  lastGapTo = 0;
  private readonly gaps: SeqRange[] = [];
  private started: boolean;

  /** `fromZero`: the stream starts at 0, so numbers before the first one seen are lost. */
  constructor(fromZero = false, private readonly maxGaps = 1000) {
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
      this.lastGapFrom = h + 1;
      this.lastGapTo = seq - 1;
      this.lost += seq - 1 - h;
      this.highest = seq;
      this.pushGap(h + 1, seq - 1);
      return "gap";
    }
    // Before the baseline of a stream joined late: it is late, so out of order.
    if (seq < this.first) {
      this.reordered++;
      return "reordered";
    }
    if (this.fill(seq)) {
      this.reordered++;
      this.lost--;
      return "reordered";
    }
    this.duplicates++;
    return "duplicate";
  }

  /** The counts now, as plain data. */
  state(): TrackerState {
    return {
      received: this.received, lost: this.lost, duplicates: this.duplicates, reordered: this.reordered,
      first: this.first, highest: this.highest, gaps: this.gaps.map((g) => [g[0], g[1]]), gapsOmitted: this.gapsOmitted,
    };
  }

  private pushGap(from: number, to: number): void {
    if (this.gaps.length >= this.maxGaps) {
      this.gaps.shift();
      this.gapsOmitted++;
    }
    this.gaps.push([from, to]);
  }

  /** Removes `seq` from the recorded gaps; false when it was in none. */
  private fill(seq: number): boolean {
    const g = this.gaps;
    let lo = 0;
    let hi = g.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = g[mid];
      if (seq < r[0]) hi = mid - 1;
      else if (seq > r[1]) lo = mid + 1;
      else {
        if (r[0] === r[1]) g.splice(mid, 1);
        else if (seq === r[0]) r[0]++;
        else if (seq === r[1]) r[1]--;
        else {
          g.splice(mid + 1, 0, [seq + 1, r[1]]);
          r[1] = seq - 1;
          if (g.length > this.maxGaps) {
            g.shift();
            this.gapsOmitted++;
          }
        }
        return true;
      }
    }
    return false;
  }
}
