/** `--skip 10,20-25`: sequence numbers a publisher leaves out on purpose. */

/** An inclusive range of sequence numbers. */
export type SeqRange = [from: number, to: number];

/** A malformed --skip list: the message is one line for the user. */
export class SkipListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SkipListError";
  }
}

/** Parses "10,20-25" into sorted, merged, inclusive ranges. */
export function parseSkipList(text: string): SeqRange[] {
  const ranges: SeqRange[] = [];
  for (const raw of text.split(",")) {
    const part = raw.trim();
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new SkipListError(`invalid --skip "${text}": "${part}" is not a number or a range like 20-25`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) {
      throw new SkipListError(`invalid --skip "${text}": "${part}" is too large`);
    }
    if (to < from) throw new SkipListError(`invalid --skip "${text}": range "${part}" ends before it starts`);
    ranges.push([from, to]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: SeqRange[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** How many numbers the ranges hold below `limit` (i.e. among 0..limit-1). */
export function countBelow(ranges: readonly SeqRange[], limit: number): number {
  let n = 0;
  for (const [from, to] of ranges) if (from < limit) n += Math.min(to, limit - 1) - from + 1;
  return n;
}

/**
 * Answers "is this number skipped?" for numbers asked in increasing order, in O(1) each:
 * a publisher asks once per message, and jumps over a whole range at once.
 */
export class SkipCursor {
  private i = 0;
  constructor(private readonly ranges: readonly SeqRange[]) {}

  /** The last number of the range holding `seq`, or -1 when `seq` is not skipped. `seq` must not decrease between calls. */
  skippedUntil(seq: number): number {
    const r = this.ranges;
    while (this.i < r.length && r[this.i][1] < seq) this.i++;
    return this.i < r.length && r[this.i][0] <= seq ? r[this.i][1] : -1;
  }
}
