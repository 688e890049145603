/**
 * One `sub` run's socket, receive loop and accounting, in whichever thread runs it (the main
 * thread, or a worker with --worker). It stops by itself on --count, --expect, --duration and
 * --idle-timeout; `stop()` stops it from outside. --expect N stops it once N messages arrived,
 * or once every stream has seen N-1 and a short grace passed without a message: a publisher
 * that lost some is done by then, and waiting on would only wait for Ctrl-C.
 * Stopping closes the socket, which settles the pending receive (every engine guarantees it).
 * The receive is not given an AbortSignal: on the native engine that takes its slower,
 * cancellable path, which halves the rate of a receive loop, and closing ends the wait just as
 * surely. Besides messages it records what explains a loss (observations.ts): connection
 * events, whether each read left data waiting, the socket's own drops.
 */
import type { Buffer } from "node:buffer";
import { attachSocket, checkEndpoint } from "../stream/attach-socket.ts";
import { loadEngine, streamingEngine } from "../engine/load.ts";
import type { SocketCounters, SocketEvent, SocketOptions, ZSocket } from "../engine/types.ts";
import { runtimeName } from "../runtime/runtime-name.ts";
import { parseSeqSpec } from "../stream/seq-extractor.ts";
import { Observations } from "../stream/observations.ts";
import { RateLimiter } from "../stream/rate-limiter.ts";
import { sleep } from "../stream/sleep.ts";
import { Accounting, type GapEvent } from "./accounting.ts";
import { consumeInto } from "./consume-into.ts";
import { type LinkFacts, linkState } from "./liveness.ts";
import type { SubOptions } from "./sub-options.ts";
import type { StopReason, SubProgress, SubResult, SubStarted } from "./sub-types.ts";

export type { StopReason, SubProgress, SubResult, SubStarted } from "./sub-types.ts";

/** Most messages one receiveBatch takes: one network read's worth, so progress stays timely. */
const batchMax = 256;
/** With --expect, how long to wait after the last number for late (reordered) messages. */
export const expectGraceMs = 250;
/** How often the socket's counters (drops, heartbeat answers) are read. */
const countersEveryMs = 250;

/** What the session tells its runner besides the result. */
export interface SessionHooks {
  onGap?: (gap: GapEvent) => void;
  /** A connection event, as the engine reported it (times in ms after the socket was ready). */
  onEvent?: (event: SocketEvent, atMs: number) => void;
}

/** A `sub` run in this thread. */
export class SubSession {
  private socket: ZSocket | undefined;
  private stopping = false;
  private reason: StopReason = "signal";
  private counters: SocketCounters | null = null;
  private lastPongEpochMs: number | null = null;
  /** The connections as they were just before this session closed its socket (its own close is no news). */
  private finalLink: LinkFacts | null = null;
  /** Wakes a run that waits while the engine feeds the accounting (consume()). */
  private wake: (() => void) | undefined;
  private readonly obs = new Observations();
  readonly accounting: Accounting;

  constructor(private readonly opts: SubOptions, private readonly hooks: SessionHooks = {}) {
    this.accounting = new Accounting(parseSeqSpec(opts.seq), {
      fromZero: opts.fromZero || opts.expect !== undefined,
      expect: opts.expect,
      subscribes: opts.type !== "pull",
      onGap: hooks.onGap,
      observations: this.obs,
    });
  }

  /** Loads the engine, makes the socket, subscribes, binds or connects. */
  async open(): Promise<SubStarted> {
    const o = this.opts;
    checkEndpoint(o.endpoint, o.bind);
    const engine = await loadEngine(streamingEngine(o.engine));
    const options: SocketOptions = { receiveHighWaterMark: o.hwm, maxMessageSize: o.maxMessageSize, linger: 0 };
    const heartbeats = engine.name === "zmtp" && o.heartbeatMs > 0;
    if (heartbeats) {
      Object.assign(options, {
        heartbeatInterval: o.heartbeatMs,
        heartbeatTimeout: o.heartbeatMs * 3,
        heartbeatTimeToLive: o.heartbeatMs * 3,
      });
    }
    const socket = engine.socket(o.type, options);
    this.socket = socket;
    try {
      // Listen before connecting, so that the first connection is seen.
      socket.onEvent((e) => this.onEvent(e));
      this.obs.eventsKnown = socket.counters().connects !== null;
      if (o.type !== "pull") { for (const t of o.topics) socket.subscribe(t); }
      const endpoint = await attachSocket(socket, o.endpoint, o.bind);
      this.accounting.startedAt = performance.now();
      return { endpoint, engine: engine.name, engineVersion: engine.version, runtime: runtimeName(), heartbeats };
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
    const obs = this.obs;
    // --count counts every message; --expect those of the streams' current runs (a restarted publisher sends its N again).
    const wanted = () =>
      Math.min((o.count ?? Infinity) - acc.received, (o.expect ?? Infinity) - (acc.received - acc.endedReceived));
    const limitReason = (): StopReason => (o.count !== undefined && acc.received >= o.count ? "count" : "expect");
    const timers = this.startTimers();
    obs.startLagSampler();
    // One call takes every message already queued (zmtp; never more than the count still wanted):
    // a promise per batch rather than per message.
    const pace = o.rate === undefined ? undefined : new RateLimiter(o.rate, performance.now());
    try {
      // Where the engine can feed the accounting in place (zmtp), it does, unless --rate paces the reads.
      if (typeof socket.consume === "function" && pace === undefined && wanted() > 0) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          consumeInto(socket, acc, wanted, () => this.stop(limitReason()));
          if (this.stopping) resolve();
        });
      }
      while (!this.stopping && wanted() > 0) {
        let max = Math.min(batchMax, wanted());
        if (pace) {
          let grant = pace.take(performance.now());
          while (grant === 0 && !this.stopping) {
            await sleep(Math.max(1, pace.delayMs(performance.now())));
            grant = pace.take(performance.now());
          }
          if (this.stopping) break;
          max = Math.min(max, grant);
        }
        let batch: Buffer[][];
        try {
          batch = await socket.receiveBatch(max);
        } catch (e) {
          if (this.stopping || socket.closed) break;
          throw e;
        }
        // A batch as large as asked for means more was waiting: this read did not catch up (native,
        // one message per batch, never shows a backlog this way).
        obs.read(performance.now(), max > 1 ? batch.length >= max : null);
        for (let i = 0; i < batch.length; i++) acc.add(batch[i]);
      }
      if (!this.stopping) this.reason = limitReason();
    } finally {
      for (const t of timers) clearInterval(t);
      obs.stopLagSampler();
      this.closeSocket();
    }
    // --expect, ended by idle or by duration before N arrived: what never came up to N-1 is lost.
    if (
      o.expect !== undefined && (this.reason === "idle" || this.reason === "duration") &&
      acc.received - acc.endedReceived < o.expect
    ) acc.finish();
    return {
      ...acc.snapshot(),
      stopReason: this.reason,
      elapsedMs: this.elapsedMs(),
      counters: this.counters,
      link: this.finalLink ?? this.linkFacts(),
    };
  }

  /** Asks the run to end (the first reason given wins). */
  stop(reason: StopReason = "signal"): void {
    if (this.stopping) return;
    this.reason = reason;
    this.stopping = true;
    this.closeSocket();
    this.wake?.();
  }

  /** A progress sample. */
  progress(): SubProgress {
    const a = this.accounting;
    const link = linkState(this.linkFacts());
    return {
      received: a.received,
      ...a.totals(),
      unparsed: a.unparsed,
      msgsPerSec: a.rate(),
      elapsedMs: this.elapsedMs(),
      link: link.state,
      linkText: link.text,
      idleSince: link.idleSince,
      lastPongAt: link.lastPongAt,
    };
  }

  /** What is known of the connections now (ms after the socket was ready). */
  linkFacts(): LinkFacts {
    const a = this.accounting;
    const t0 = a.startedAt;
    const down = [...this.obs.connections].reverse().find((c) => c.kind === "disconnect");
    const pong = this.lastPongEpochMs === null ? null : Math.round(this.lastPongEpochMs - performance.timeOrigin - t0);
    return {
      eventsKnown: this.obs.eventsKnown,
      connects: this.obs.connects,
      disconnects: this.obs.disconnects,
      up: this.obs.up,
      lastDown: down
        ? { at: Math.round(down.at - t0), peer: down.peer, ...(down.reason ? { reason: down.reason } : {}) }
        : null,
      lastMessageAt: a.received > 0 ? Math.round(a.lastAt - t0) : null,
      now: this.elapsedMs(),
      lastPongAt: pong,
      heartbeats: this.socket?.engine === "zmtp" && this.opts.heartbeatMs > 0,
    };
  }

  private onEvent(e: SocketEvent): void {
    if (this.finalLink) return;
    const now = performance.now();
    const reason = (e as { reason?: unknown }).reason;
    if (e.type === "connect" || e.type === "disconnect") {
      this.obs.connection(e.type, e.peer, now, typeof reason === "string" ? reason : undefined);
    }
    this.hooks.onEvent?.(e, Math.round(now - this.accounting.startedAt));
  }

  private elapsedMs(): number {
    return Math.round(performance.now() - this.accounting.startedAt);
  }

  private sampleCounters(s: ZSocket): void {
    let c: SocketCounters;
    try {
      c = s.counters();
    } catch {
      return;
    }
    this.counters = c;
    this.obs.drops(c.drops, performance.now());
    // zmtp (with heartbeats) says when each connection last answered; optional in the interface.
    for (const x of c.connections ?? []) {
      const p = (x as { lastPongAt?: number | null }).lastPongAt;
      if (typeof p === "number" && (this.lastPongEpochMs === null || p > this.lastPongEpochMs)) {
        this.lastPongEpochMs = p;
      }
    }
  }

  private closeSocket(): void {
    const s = this.socket;
    if (!s || s.closed) return;
    this.sampleCounters(s);
    this.finalLink = this.linkFacts();
    s.close();
  }

  private startTimers(): ReturnType<typeof setInterval>[] {
    const o = this.opts;
    const a = this.accounting;
    const timers: ReturnType<typeof setInterval>[] = [];
    const socket = this.socket!;
    timers.push(setInterval(() => {
      if (!socket.closed) this.sampleCounters(socket);
    }, countersEveryMs));
    if (o.durationMs !== undefined) timers.push(setTimeout(() => this.stop("duration"), o.durationMs));
    const expect = o.expect;
    if (expect !== undefined) {
      timers.push(setInterval(() => {
        if (performance.now() - a.lastAt >= expectGraceMs && a.allStreamsReached(expect - 1)) this.stop("expect");
      }, expectGraceMs / 5));
    }
    const idle = o.idleTimeoutMs;
    if (idle !== undefined) {
      timers.push(setInterval(() => {
        if (a.received > 0 && performance.now() - a.lastAt >= idle) this.stop("idle");
      }, Math.max(5, Math.min(100, idle / 4))));
    }
    return timers;
  }
}
