/**
 * The accounting of what `sub` receives: sequence numbers per stream, unparsed messages,
 * latency, and why each gap happened (loss-causes.ts, from what `obs` observed). `add()` runs
 * once per message, so it allocates nothing on the usual path. A stream whose numbers start
 * again after a reconnect is a publisher restart: its old run is kept apart (an epoch), never
 * counted as millions of duplicates.
 */
import type { Buffer } from "node:buffer";
import type { SeqExtractor } from "../stream/seq-extractor.ts";
import { SequenceTracker } from "../stream/sequence-tracker.ts";
import { GapBudget } from "../stream/missing-set.ts";
import { CauseLedger, emptyCauseCounts } from "../stream/cause-ledger.ts";
import { classifyGap, type GapContext, type LossCause } from "../stream/loss-causes.ts";
import { Observations } from "../stream/observations.ts";
import { LatencyHistogram } from "../stream/latency-histogram.ts";
import { histogramRows } from "../stream/text-histogram.ts";
import type { AccountingSnapshot, GapEvent, StreamState } from "./accounting-types.ts";

export type { AccountingSnapshot, GapEvent, StreamState } from "./accounting-types.ts";

/** Streams tracked at most; messages of further streams are counted as `untracked`. */
export const maxStreams = 10_000;
/** Ended epochs (publisher restarts) kept with their gaps; later ones only add to the totals. */
const maxEpochsKept = 1000;

/** How the accounting is set up. */
export interface AccountingOptions {
  /** Streams start at 0 (--from-zero or --expect). */
  fromZero: boolean;
  /** The socket subscribes (SUB, XSUB), so it can join a stream late; false for PULL. */
  subscribes?: boolean;
  /** --expect: the last number of every stream is expect - 1. */
  expect?: number;
  onGap?: (gap: GapEvent) => void;
  observations?: Observations;
}

interface StreamRecord {
  stream: number;
  epoch: number;
  tracker: SequenceTracker;
  ledger: CauseLedger;
  firstAt: number;
  lastAt: number;
}

/** Counts and checks the messages of one run. */
export class Accounting {
  received = 0;
  unparsed = 0;
  untracked = 0;
  /** performance.now() of the first and last message, and of the socket being ready. */
  firstAt = 0;
  lastAt = 0;
  startedAt = performance.now();
  readonly obs: Observations;
  readonly lostByCause = emptyCauseCounts();
  private readonly streams = new Map<number, StreamRecord>();
  private readonly ended: StreamState[] = [];
  private readonly endedTotals = { received: 0, lost: 0, duplicates: 0, reordered: 0 };
  private readonly budget = new GapBudget();
  private readonly latency = new LatencyHistogram();
  private readonly origin = performance.timeOrigin;
  private readonly onGap: (gap: GapEvent) => void;
  // The stream of the previous message: most runs have one stream, so skip the Map lookup.
  private lastStream = -1;
  private lastRecord: StreamRecord | undefined;

  constructor(private readonly extractor: SeqExtractor, private readonly o: AccountingOptions) {
    this.obs = o.observations ?? new Observations();
    this.onGap = o.onGap ?? (() => {});
  }

  /** Accounts for one message (its last frame is the payload). */
  add(frames: Buffer[]): void {
    const p = frames[frames.length - 1];
    this.addAt(p, 0, p.length, performance.now());
  }

  /** Accounts for one message whose payload is `buf[at, at + len)`, arrived at `now` (performance.now()). */
  addAt(buf: Uint8Array, at: number, len: number, now: number): void {
    if (this.received === 0) this.firstAt = now;
    this.lastAt = now;
    this.received++;
    const x = this.extractor;
    if (!x.readAt(buf, at, len)) {
      this.unparsed++;
      return;
    }
    if (x.kind === "none") return;
    if (x.hasTime) {
      const us = (this.origin + now) * 1000 - x.sentUs;
      this.latency.record(us);
      this.obs.latency(us);
    }
    let r = x.stream === this.lastStream ? this.lastRecord : this.record(x.stream, now);
    if (!r) {
      this.untracked++;
      return;
    }
    const seq = x.seq;
    let t = r.tracker;
    // A number seen before, first on this stream since a connection came up: the publisher started again.
    if (seq <= t.highest && r.lastAt < this.obs.lastConnectAt && t.received > 0 && !t.isMissing(seq)) {
      r = this.restart(r, now);
      t = r.tracker;
    }
    const prevAt = t.received > 0 ? r.lastAt : null;
    r.lastAt = now;
    const out = t.add(seq);
    if (out === "gap") this.gap(r, t.lastGapFrom, t.lastGapTo, prevAt, now, prevAt === null ? "leading" : "inner");
    else if (out === "reordered") {
      const c = r.ledger.causeOf(seq);
      if (c) this.lostByCause[c.cause]--;
    }
  }

  /** --expect ended the run: what each stream still lacks up to expect - 1 is lost (tail gaps). */
  finish(): void {
    const expect = this.o.expect;
    if (expect === undefined) return;
    for (const r of this.streams.values()) this.closeTail(r, expect - 1, null);
  }

  /** Messages of epochs a publisher restart ended (--expect counts only the current ones). */
  get endedReceived(): number {
    return this.endedTotals.received;
  }

  /** Totals over all streams, cheap enough for a progress line. */
  totals(): { lost: number; duplicates: number; reordered: number } {
    let { lost, duplicates, reordered } = this.endedTotals;
    for (const r of this.streams.values()) {
      lost += r.tracker.lost;
      duplicates += r.tracker.duplicates;
      reordered += r.tracker.reordered;
    }
    return { lost, duplicates, reordered };
  }

  /** True when every stream seen so far has seen `seq` or a higher number (false before any). */
  allStreamsReached(seq: number): boolean {
    if (this.streams.size === 0) return false;
    for (const r of this.streams.values()) if (r.tracker.highest < seq) return false;
    return true;
  }

  /** Messages per second from the first message to the last. */
  rate(): number {
    const span = this.lastAt - this.firstAt;
    return this.received > 1 && span > 0 ? Math.round(((this.received - 1) * 1000) / span) : 0;
  }

  /** Everything, as plain data. */
  snapshot(): AccountingSnapshot {
    const live = [...this.streams.values()].map((r) => this.stateOf(r));
    const streams = [...this.ended, ...live].sort((a, b) => a.stream - b.stream || a.epoch - b.epoch);
    return {
      received: this.received,
      unparsed: this.unparsed,
      untracked: this.untracked,
      ...this.totals(),
      lostByCause: { ...this.lostByCause },
      gaps: streams.flatMap((s) => s.gaps),
      gapDetails: streams.flatMap((s) => s.gapDetails),
      gapsOmitted: streams.reduce((a, s) => a + s.gapsOmitted, 0),
      estimate: streams.some((s) => s.estimate),
      streams,
      msgsPerSec: this.rate(),
      firstMessageAtMs: this.received > 0 ? Math.round(this.firstAt - this.startedAt) : null,
      activeMs: Math.round(this.lastAt - this.firstAt),
      latencyUs: this.extractor.hasTime ? this.latency.summary() : null,
      latencyHistogram: histogramRows(this.latency),
    };
  }

  private record(stream: number, now: number): StreamRecord | undefined {
    let r = this.streams.get(stream);
    if (!r && this.streams.size < maxStreams) {
      r = {
        stream,
        epoch: 0,
        tracker: new SequenceTracker(this.o.fromZero, this.budget),
        ledger: new CauseLedger(),
        firstAt: now,
        lastAt: now,
      };
      this.streams.set(stream, r);
    }
    if (r) {
      this.lastStream = stream;
      this.lastRecord = r;
    }
    return r;
  }

  /** Ends the stream's current epoch and starts the next one. */
  private restart(r: StreamRecord, now: number): StreamRecord {
    if (this.o.expect !== undefined) this.closeTail(r, this.o.expect - 1, now);
    const state = this.stateOf(r);
    r.tracker.release();
    if (this.ended.length < maxEpochsKept) this.ended.push(state);
    for (const k of ["received", "lost", "duplicates", "reordered"] as const) this.endedTotals[k] += state[k];
    const next: StreamRecord = {
      stream: r.stream,
      epoch: r.epoch + 1,
      tracker: new SequenceTracker(this.o.fromZero, this.budget),
      ledger: new CauseLedger(),
      firstAt: now,
      lastAt: now,
    };
    this.streams.set(r.stream, next);
    this.lastRecord = next;
    return next;
  }

  private closeTail(r: StreamRecord, last: number, restartAt: number | null): void {
    const gap = r.tracker.closeAt(last);
    if (!gap) return;
    let what: string | undefined;
    if (restartAt === null) {
      // Another stream that began after this one's last message: the publisher came back with a new stream id.
      for (const o of this.streams.values()) {
        if (o !== r && o.epoch === 0 && o.firstAt > r.lastAt && (restartAt === null || o.firstAt < restartAt)) {
          restartAt = o.firstAt;
          what = `stream ${o.stream} began`;
        }
      }
    }
    this.gap(r, gap[0], gap[1], r.tracker.received > 0 ? r.lastAt : null, null, "tail", restartAt, what);
  }

  private gap(
    r: StreamRecord,
    from: number,
    to: number,
    prevAt: number | null,
    nextAt: number | null,
    position: GapContext["position"],
    restartAt: number | null = null,
    restartWhat?: string,
  ): void {
    const now = nextAt ?? performance.now();
    const c = classifyGap({
      stream: r.stream,
      from,
      to,
      position,
      prevAt,
      nextAt,
      subscribes: this.o.subscribes ?? true,
      startedAt: this.startedAt,
      connections: this.obs.connections,
      eventsKnown: this.obs.eventsKnown,
      pressure: this.obs.pressure(prevAt, now),
      droppedHere: this.obs.droppedSince(prevAt ?? this.startedAt),
      restartAt,
      restartWhat,
    });
    r.ledger.record(from, to, c);
    const count = to - from + 1;
    this.lostByCause[c.cause as LossCause] += count;
    this.onGap({ stream: r.stream, from, to, count, cause: c.cause, evidence: c.evidence });
  }

  private stateOf(r: StreamRecord): StreamState {
    const s = r.tracker.state();
    const gapDetails = s.gaps.map(([from, to]) => {
      const c = r.ledger.causeOf(from);
      return {
        stream: r.stream,
        from,
        to,
        count: to - from + 1,
        cause: c?.cause ?? "upstream",
        evidence: c?.evidence ?? "",
      };
    });
    return { stream: r.stream, epoch: r.epoch, ...s, gapDetails };
  }
}
