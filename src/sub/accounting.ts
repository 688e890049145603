/**
 * The accounting of what `sub` receives: sequence numbers per stream, unparsed messages and
 * latency. `add()` runs once per message, so it allocates nothing on the usual path.
 */
import type { Buffer } from "node:buffer";
import type { SeqExtractor } from "../stream/seq-extractor.ts";
import { SequenceTracker, type TrackerState } from "../stream/sequence-tracker.ts";
import { LatencyHistogram, type LatencySummary } from "../stream/latency-histogram.ts";
import { histogramRows, type HistogramRow } from "../stream/text-histogram.ts";
import type { SeqRange } from "../stream/skip-list.ts";

/** A missing range, as found. */
export interface GapEvent {
  stream: number;
  from: number;
  to: number;
  count: number;
}

/** One stream's state in a snapshot. */
export interface StreamState extends TrackerState {
  stream: number;
}

/** Everything the accounting knows at one moment (plain data). */
export interface AccountingSnapshot {
  received: number;
  unparsed: number;
  /** Messages of streams beyond the cap on the number of streams tracked. */
  untracked: number;
  lost: number;
  duplicates: number;
  reordered: number;
  gaps: SeqRange[];
  gapsOmitted: number;
  streams: StreamState[];
  /** Between the first and the last message (0 with fewer than two). */
  msgsPerSec: number;
  /** null when the messages carry no send time (--seq other than header). */
  latencyUs: LatencySummary | null;
  latencyHistogram: HistogramRow[];
}

/** Limits that keep memory bounded. */
const maxStreams = 10_000;
const maxGapsPerStream = 1000;

/** Counts and checks the messages of one run. */
export class Accounting {
  received = 0;
  unparsed = 0;
  untracked = 0;
  /** performance.now() of the first and last message. */
  firstAt = 0;
  lastAt = 0;
  private readonly streams = new Map<number, SequenceTracker>();
  private readonly latency = new LatencyHistogram();
  private readonly origin = performance.timeOrigin;
  // The stream of the previous message: most runs have one stream, so skip the Map lookup.
  private lastStream = -1;
  private lastTracker: SequenceTracker | undefined;

  constructor(
    private readonly extractor: SeqExtractor,
    private readonly fromZero: boolean,
    private readonly onGap: (gap: GapEvent) => void = () => {},
  ) {}

  /** Accounts for one message (its last frame is the payload). */
  add(frames: Buffer[]): void {
    const now = performance.now();
    if (this.received === 0) this.firstAt = now;
    this.lastAt = now;
    this.received++;
    const x = this.extractor;
    if (!x.read(frames[frames.length - 1])) {
      this.unparsed++;
      return;
    }
    if (x.kind === "none") return;
    if (x.hasTime) this.latency.record((this.origin + now) * 1000 - x.sentUs);
    const t = x.stream === this.lastStream ? this.lastTracker : this.tracker(x.stream);
    if (!t) {
      this.untracked++;
      return;
    }
    if (t.add(x.seq) === "gap") this.onGap({ stream: x.stream, from: t.lastGapFrom, to: t.lastGapTo, count: t.lastGapTo - t.lastGapFrom + 1 });
  }

  private tracker(stream: number): SequenceTracker | undefined {
    let t = this.streams.get(stream);
    if (!t && this.streams.size < maxStreams) {
      t = new SequenceTracker(this.fromZero, maxGapsPerStream);
      this.streams.set(stream, t);
    }
    if (t) {
      this.lastStream = stream;
      this.lastTracker = t;
    }
    return t;
  }

  /** Totals over all streams, cheap enough for a progress line. */
  totals(): { lost: number; duplicates: number; reordered: number } {
    let lost = 0, duplicates = 0, reordered = 0;
    for (const t of this.streams.values()) {
      lost += t.lost;
      duplicates += t.duplicates;
      reordered += t.reordered;
    }
    return { lost, duplicates, reordered };
  }

  /** True when every stream seen so far has seen `seq` or a higher number (false before any). */
  allStreamsReached(seq: number): boolean {
    if (this.streams.size === 0) return false;
    for (const t of this.streams.values()) if (t.highest < seq) return false;
    return true;
  }

  /** Messages per second between the first and the last message. */
  rate(): number {
    const span = this.lastAt - this.firstAt;
    return this.received > 1 && span > 0 ? Math.round(((this.received - 1) * 1000) / span) : 0;
  }

  /** Everything, as plain data. */
  snapshot(): AccountingSnapshot {
    const streams = [...this.streams].sort((a, b) => a[0] - b[0]).map(([stream, t]) => ({ stream, ...t.state() }));
    return {
      received: this.received, unparsed: this.unparsed, untracked: this.untracked, ...this.totals(),
      gaps: streams.flatMap((s) => s.gaps), gapsOmitted: streams.reduce((a, s) => a + s.gapsOmitted, 0), streams,
      msgsPerSec: this.rate(),
      latencyUs: this.extractor.hasTime ? this.latency.summary() : null,
      latencyHistogram: histogramRows(this.latency),
    };
  }
}
