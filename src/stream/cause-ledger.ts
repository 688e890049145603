/**
 * Which cause each missing number of one stream was given, so that a range still open at the end
 * can be labelled and a late message that fills a gap is taken off the right cause's count.
 * Gaps are found in increasing order, so the ledger is a sorted list of segments; consecutive
 * gaps with the same cause and evidence share one segment (the numbers between them were
 * received, so nothing is ever looked up there). Bounded: past `maxSegments`, a new gap of the
 * same cause joins the last segment of that cause whatever its evidence.
 */
import { type Classified, type LossCause, lossCauses } from "./loss-causes.ts";

const maxSegments = 100_000;

/** The causes of one stream's gaps. */
export class CauseLedger {
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly said: Classified[] = [];

  /** Records the cause of [from, to] (above every range recorded before). */
  record(from: number, to: number, c: Classified): void {
    const n = this.said.length;
    const last = n > 0 ? this.said[n - 1] : undefined;
    if (last && last.cause === c.cause && (last.evidence === c.evidence || n >= maxSegments)) {
      this.to[n - 1] = to;
      return;
    }
    if (n >= maxSegments && last) {
      // Bound reached with another cause: keep the count right, the evidence general.
      this.to[n - 1] = to;
      return;
    }
    this.from.push(from);
    this.to.push(to);
    this.said.push(c);
  }

  /** The cause given to `seq`, or undefined when it was never part of a gap. */
  causeOf(seq: number): Classified | undefined {
    let lo = 0;
    let hi = this.said.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (seq < this.from[mid]) hi = mid - 1;
      else if (seq > this.to[mid]) lo = mid + 1;
      else return this.said[mid];
    }
    return undefined;
  }
}

/** A count per cause, every cause present. */
export function emptyCauseCounts(): Record<LossCause, number> {
  return Object.fromEntries(lossCauses.map((c) => [c, 0])) as Record<LossCause, number>;
}
