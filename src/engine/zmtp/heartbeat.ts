/**
 * ZMTP 3.1 heartbeats for one connection: PING every interval, close when nothing arrives
 * within the timeout after a PING, and close when a peer's PING TTL runs out without traffic.
 * Any inbound byte counts as a sign of life. Timers are unref'd: they never keep a process up.
 */
import { clearInterval, clearTimeout, setInterval, setTimeout } from "node:timers";

/** Heartbeat settings in milliseconds (0 = off). */
export interface HeartbeatOptions {
  interval: number;
  timeout: number;
  ttl: number;
}

/** What the heartbeat needs from its connection. */
export interface HeartbeatTarget {
  sendPing(ttlDeciseconds: number): void;
  expire(reason: string): void;
}

/** Heartbeat timers of one connection. */
export class Heartbeat {
  private ticker: ReturnType<typeof setInterval> | null = null;
  private waitPong: ReturnType<typeof setTimeout> | null = null;
  private ttlTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly opts: HeartbeatOptions, private readonly target: HeartbeatTarget) {}

  /** Starts pinging (only for peers that speak ZMTP 3.1). */
  start(): void {
    if (this.opts.interval <= 0 || this.ticker) return;
    this.ticker = setInterval(() => this.ping(), this.opts.interval);
    this.ticker.unref();
  }

  /** Inbound traffic: the peer is alive. */
  alive(): void {
    if (this.waitPong) {
      clearTimeout(this.waitPong);
      this.waitPong = null;
    }
    if (this.ttlTimer) {
      clearTimeout(this.ttlTimer);
      this.ttlTimer = null;
    }
  }

  /** The peer sent a PING with this TTL (tenths of a second). */
  peerTtl(ttl: number): void {
    if (ttl <= 0 || this.ttlTimer) return;
    this.ttlTimer = setTimeout(() => this.target.expire("heartbeat TTL expired"), ttl * 100);
    this.ttlTimer.unref();
  }

  /** Stops every timer. */
  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.alive();
  }

  private ping(): void {
    this.target.sendPing(this.opts.ttl / 100);
    if (this.waitPong) return;
    const timeout = this.opts.timeout > 0 ? this.opts.timeout : this.opts.interval;
    this.waitPong = setTimeout(() => this.target.expire("heartbeat timeout"), timeout);
    this.waitPong.unref();
  }
}
