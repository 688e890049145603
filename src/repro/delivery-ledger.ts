/** Delivery ledger (set-based, for small scenario runs; `sub` uses the bounded src/stream/sequence-tracker.ts): what a scenario sent against what its application processed. */

/** At most this many ranges are listed; the count stays exact. */
const maxRanges = 20;

/** Counts sent and processed sequence numbers; lost = sent and never processed. */
export class DeliveryLedger {
  private readonly sentSet = new Set<number>();
  private readonly processedSet = new Set<number>();
  sent(seq: number): void {
    this.sentSet.add(seq);
  }

  processed(seq: number): void {
    this.processedSet.add(seq);
  }

  /** Counts, and the lost numbers as ranges ("8-10", "14"). */
  summary(): { sent: number; processed: number; lost: number; lostRanges: string[] } {
    const lost = [...this.sentSet].filter((s) => !this.processedSet.has(s)).sort((a, b) => a - b);
    return {
      sent: this.sentSet.size,
      processed: this.processedSet.size,
      lost: lost.length,
      lostRanges: toRanges(lost),
    };
  }
}

/** Compresses sorted numbers into ranges, at most `maxRanges` of them (then "..."). */
export function toRanges(sorted: number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    if (out.length === maxRanges) {
      out.push("...");
      break;
    }
    out.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out;
}
