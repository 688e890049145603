/** The plain data the accounting of `sub` gives out (events, snapshots), shared with its worker and reports. */
import type { LatencySummary } from "../stream/latency-histogram.ts";
import type { LossCause } from "../stream/loss-causes.ts";
import type { TrackerState } from "../stream/sequence-tracker.ts";
import type { SeqRange } from "../stream/skip-list.ts";
import type { HistogramRow } from "../stream/text-histogram.ts";

/** A missing range with why it went missing: the `gap` event, and each entry of `gapDetails`. */
export interface GapEvent {
  stream: number;
  from: number;
  to: number;
  count: number;
  cause: LossCause;
  evidence: string;
}

/** One stream's state in a snapshot; `epoch` counts its publisher's restarts (0 first). */
export interface StreamState extends TrackerState {
  stream: number;
  epoch: number;
  /** One per entry of `gaps`, in the same order. */
  gapDetails: GapEvent[];
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
  /** `lost` split by cause (they add up to it). */
  lostByCause: Record<LossCause, number>;
  gaps: SeqRange[];
  /** gaps[i] with its stream, count, cause and evidence. */
  gapDetails: GapEvent[];
  gapsOmitted: number;
  /** True when the memory bound was hit and the counts are estimates. */
  estimate: boolean;
  streams: StreamState[];
  /** From the first message to the last (0 with fewer than two). */
  msgsPerSec: number;
  /** When the first message came, in ms after the socket was ready (null: none came). */
  firstMessageAtMs: number | null;
  /** From the first message to the last, in ms: what msgsPerSec is counted over. */
  activeMs: number;
  /** null when the messages carry no send time (--seq other than header). */
  latencyUs: LatencySummary | null;
  latencyHistogram: HistogramRow[];
}
