/**
 * ZMTP 3.1 heartbeats for one connection: PING every interval, close when nothing arrives
 * within the timeout after a PING, and close when a peer's PING TTL runs out without traffic.
 * Any inbound byte counts as a sign of life. While the connection holds reading back (its
 * receive queue is full), neither deadline can judge the peer: its PONG may be sitting unread
 * in our own buffers, so a deadline that passes then is set again rather than closing a live
 * peer. Timers (timers.ts) never keep a process up.
 */
import { type Fault, fault } from "./faults.ts";
import { realTimers, type TimerHandle, type Timers } from "./timers.ts";

/** Heartbeat settings in milliseconds (0 = off). */
export interface HeartbeatOptions {
  interval: number;
  timeout: number;
  ttl: number;
}

/** What the heartbeat needs from its connection. */
export interface HeartbeatTarget {
  sendPing(ttlDeciseconds: number): void;
  expire(f: Fault): void;
  /** True while the connection does not read (so silence proves nothing). */
  readingHeld(): boolean;
}

/** Heartbeat timers of one connection. */
export class Heartbeat {
  /** Epoch ms of the last sign of life once either side heartbeats; null before. */
  lastSignOfLife: number | null = null;
  private ticker: TimerHandle | null = null;
  private waitPong: TimerHandle | null = null;
  private ttlTimer: TimerHandle | null = null;
  private peerPings = false;

  constructor(
    private readonly opts: HeartbeatOptions,
    private readonly target: HeartbeatTarget,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Starts pinging (only for peers that speak ZMTP 3.1). */
  start(): void {
    if (this.opts.interval <= 0 || this.ticker) return;
    this.ticker = this.timers.every(this.opts.interval, () => this.ping());
  }

  /** Inbound traffic: the peer is alive. */
  alive(): void {
    if (this.ticker !== null || this.peerPings) this.lastSignOfLife = this.timers.now();
    this.waitPong?.cancel();
    this.waitPong = null;
    this.ttlTimer?.cancel();
    this.ttlTimer = null;
  }

  /** The peer sent a PING with this TTL (tenths of a second). */
  peerTtl(ttl: number): void {
    this.peerPings = true;
    this.lastSignOfLife = this.timers.now();
    if (ttl <= 0 || this.ttlTimer) return;
    this.ttlTimer = this.deadline(ttl * 100, () => {
      this.ttlTimer = null;
      this.target.expire(
        fault(
          "ZMTP_HEARTBEAT_TTL",
          `heartbeat TTL expired: nothing from the peer within the ${ttl * 100} ms its PING asked for`,
        ),
      );
    });
  }

  /** Stops every timer. */
  stop(): void {
    this.ticker?.cancel();
    this.ticker = null;
    this.waitPong?.cancel();
    this.ttlTimer?.cancel();
    this.waitPong = null;
    this.ttlTimer = null;
  }

  private ping(): void {
    this.target.sendPing(this.opts.ttl / 100);
    if (this.waitPong) return;
    const timeout = this.opts.timeout > 0 ? this.opts.timeout : this.opts.interval;
    this.waitPong = this.deadline(timeout, () => {
      this.waitPong = null;
      this.target.expire(
        fault("ZMTP_HEARTBEAT_TIMEOUT", `heartbeat timeout: nothing from the peer within ${timeout} ms of a PING`),
      );
    });
  }

  /** A timer that runs `expire` after `ms`, or starts over while reading is held. */
  private deadline(ms: number, expire: () => void): TimerHandle {
    const t = this.timers.after(ms, () => {
      if (!this.target.readingHeld()) return expire();
      t.restart();
    });
    return t;
  }
}
