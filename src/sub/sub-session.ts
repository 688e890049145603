/**
 * One `sub` run's socket, receive loop and accounting, in whichever thread runs it (the main
 * thread, or a worker with --worker). It stops by itself on --count, --expect, --duration and
 * --idle-timeout; `stop()` stops it from outside. --expect N stops it once N messages arrived,
 * or once every stream has seen N-1 and a short grace passed without a message: a publisher
 * that lost some is done by then, and waiting on would only wait for Ctrl-C.
 * Stopping closes the socket, which settles the pending receive (every engine guarantees it).
 * The receive is not given an AbortSignal: on the native engine that takes its slower,
 * cancellable path, which halves the rate of a receive loop (measured: about 70,000 against
 * 35,000 msg/s in one process), and closing ends the wait just as surely.
 */
import type { Buffer } from "node:buffer";
import { attachSocket, checkEndpoint } from "../stream/attach-socket.ts";
import { loadEngine } from "../engine/load.ts";
import type { SocketCounters, ZSocket } from "../engine/types.ts";
import { runtimeName, type RuntimeName } from "../runtime/runtime-name.ts";
import { parseSeqSpec } from "../stream/seq-extractor.ts";
import { onPeerRefused, type PeerRefused } from "../stream/peer-events.ts";
import { Accounting, type AccountingSnapshot, type GapEvent } from "./accounting.ts";
import type { SubOptions } from "./sub-options.ts";

/** Most messages one receiveBatch takes: one network read's worth, so progress stays timely. */
const batchMax = 256;

/** With --expect, how long to wait after the last number for late (reordered) messages. */
export const expectGraceMs = 250;

/** Why a run ended. */
export type StopReason = "count" | "expect" | "duration" | "idle" | "signal";

/** What is known once the socket is ready. */
export interface SubStarted {
  endpoint: string;
  engine: string;
  engineVersion: string;
  runtime: RuntimeName;
}

/** A progress sample, for the live line and `progress` events. */
export interface SubProgress {
  received: number;
  lost: number;
  duplicates: number;
  reordered: number;
  unparsed: number;
  msgsPerSec: number;
  elapsedMs: number;
}

/** The end of a run: the accounting plus how it ended. */
export interface SubResult extends AccountingSnapshot {
  stopReason: StopReason;
  elapsedMs: number;
  counters: SocketCounters | null;
}

/** A `sub` run in this thread. */
export class SubSession {
  private socket: ZSocket | undefined;
  private stopping = false;
  private reason: StopReason = "signal";
  private startedAt = 0;
  private counters: SocketCounters | null = null;
  readonly accounting: Accounting;

  constructor(private readonly opts: SubOptions, onGap?: (gap: GapEvent) => void, private readonly onRefused?: (e: PeerRefused) => void) {
    this.accounting = new Accounting(parseSeqSpec(opts.seq), opts.fromZero || opts.expect !== undefined, onGap);
  }

  /** Loads the engine, makes the socket, subscribes, binds or connects. */
  async open(): Promise<SubStarted> {
    const o = this.opts;
    checkEndpoint(o.endpoint, o.bind);
    const engine = await loadEngine(o.engine);
    const socket = engine.socket(o.type, { receiveHighWaterMark: o.hwm, maxMessageSize: o.maxMessageSize, linger: 0 });
    this.socket = socket;
    if (this.onRefused) onPeerRefused(socket, this.onRefused);
    try {
      if (o.type !== "pull") for (const t of o.topics) socket.subscribe(t);
      const endpoint = await attachSocket(socket, o.endpoint, o.bind);
      this.startedAt = performance.now();
      return { endpoint, engine: engine.name, engineVersion: engine.version, runtime: runtimeName() };
    } catch (e) {
      socket.close();
      throw e;
    }
  }

  /** Receives until a stop condition; closes the socket; resolves with the result. */
  async run(): Promise<SubResult> {
    const socket = this.socket!;
    const o = this.opts;
    const acc = this.accounting;
    const limit = Math.min(o.count ?? Infinity, o.expect ?? Infinity);
    const limitReason: StopReason = o.count !== undefined && o.count <= (o.expect ?? Infinity) ? "count" : "expect";
    const timers = this.startTimers();
    // Where the engine has receiveBatch (zmtp), one call takes every message already queued (never
    // more than the count still wanted): a promise per batch rather than per message.
    const batched = typeof socket.receiveBatch === "function";
    try {
      const one: Buffer[][] = [];
      while (!this.stopping && acc.received < limit) {
        let batch: Buffer[][];
        try {
          if (batched) batch = await socket.receiveBatch!(Math.min(batchMax, limit - acc.received));
          else {
            one[0] = await socket.receive();
            batch = one;
          }
        } catch (e) {
          if (this.stopping || socket.closed) break;
          throw e;
        }
        for (let i = 0; i < batch.length; i++) acc.add(batch[i]);
      }
      if (!this.stopping) this.reason = limitReason;
    } finally {
      for (const t of timers) clearInterval(t);
      this.closeSocket();
    }
    return { ...acc.snapshot(), stopReason: this.reason, elapsedMs: this.elapsedMs(), counters: this.counters };
  }

  /** Asks the run to end (the first reason given wins). */
  stop(reason: StopReason = "signal"): void {
    if (this.stopping) return;
    this.reason = reason;
    this.stopping = true;
    this.closeSocket();
  }

  /** A progress sample. */
  progress(): SubProgress {
    const a = this.accounting;
    return { received: a.received, ...a.totals(), unparsed: a.unparsed, msgsPerSec: a.rate(), elapsedMs: this.elapsedMs() };
  }

  private elapsedMs(): number {
    return this.startedAt ? Math.round(performance.now() - this.startedAt) : 0;
  }

  private closeSocket(): void {
    const s = this.socket;
    if (!s || s.closed) return;
    try {
      this.counters = s.counters();
    } catch {
      this.counters = null;
    }
    s.close();
  }

  private startTimers(): ReturnType<typeof setInterval>[] {
    const o = this.opts;
    const timers: ReturnType<typeof setInterval>[] = [];
    if (o.durationMs !== undefined) timers.push(setTimeout(() => this.stop("duration"), o.durationMs));
    const expect = o.expect;
    if (expect !== undefined) {
      const a = this.accounting;
      timers.push(setInterval(() => {
        if (performance.now() - a.lastAt >= expectGraceMs && a.allStreamsReached(expect - 1)) this.stop("expect");
      }, expectGraceMs / 5));
    }
    const idle = o.idleTimeoutMs;
    if (idle !== undefined) {
      const a = this.accounting;
      timers.push(setInterval(() => {
        if (a.received > 0 && performance.now() - a.lastAt >= idle) this.stop("idle");
      }, Math.max(5, Math.min(100, idle / 4))));
    }
    return timers;
  }
}
