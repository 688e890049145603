/**
 * The connecting side of one endpoint: dials in the background, and after a failure or a lost
 * connection dials again after the reconnect interval plus a random part, doubling up to the
 * maximum interval (libzmq's behaviour). A refused connection never surfaces to the caller.
 */
import type net from "node:net";
import { clearTimeout, setTimeout } from "node:timers";
import type { Endpoint } from "../endpoint.ts";
import { dial } from "./transport.ts";

/** Longest wait between dials to a peer that keeps refusing us (when reconnectMaxInterval is shorter). */
export const REFUSED_MAX_INTERVAL = 5000;
/** Shortest wait after a refusal, whatever the reconnect interval (0 would dial in a loop). */
const MIN_REFUSED_INTERVAL = 100;

/** Reconnection settings in milliseconds. */
export interface ConnectorOptions {
  reconnectInterval: number;
  reconnectMaxInterval: number;
  connectTimeout: number;
}

/** Dials an endpoint again and again until stopped. */
export class Connector {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: net.Socket | null = null;
  private stopped = false;
  private interval: number;

  /** `onStream` receives each connected stream. */
  constructor(
    readonly endpoint: Endpoint,
    private readonly opts: ConnectorOptions,
    private readonly onStream: (s: net.Socket) => void,
  ) {
    this.interval = opts.reconnectInterval;
  }

  /** Dials now. */
  start(): void {
    if (this.stopped || this.pending || this.timer) return;
    const s = dial(this.endpoint);
    this.pending = s;
    let guard: ReturnType<typeof setTimeout> | null = null;
    if (this.opts.connectTimeout > 0) {
      guard = setTimeout(() => s.destroy(), this.opts.connectTimeout);
      guard.unref();
    }
    const failed = () => {
      if (guard) clearTimeout(guard);
      if (this.pending !== s) return;
      this.pending = null;
      s.destroy();
      this.retry();
    };
    s.once("error", failed);
    s.once("close", failed);
    s.once("connect", () => {
      if (guard) clearTimeout(guard);
      s.off("error", failed);
      s.off("close", failed);
      this.pending = null;
      if (this.stopped) return void s.destroy();
      this.onStream(s);
    });
  }

  /** The connection got through the handshake: the next failure starts from the base interval. */
  succeeded(): void {
    this.interval = this.opts.reconnectInterval;
  }

  /**
   * The connection is gone (or failed): dial again later. `refused` (the peer refused us in a
   * way that dialling at once would meet again: a closed greeting, another mechanism, ERROR,
   * an incompatible type): back off, doubling up to reconnectMaxInterval or at least
   * REFUSED_MAX_INTERVAL, as libzmq's reconnect_ivl_max does, instead of ~7 dials a second.
   */
  retry(refused = false): void {
    if (this.stopped || this.timer || this.opts.reconnectInterval < 0) return;
    const base = Math.max(0, this.opts.reconnectInterval);
    const jitter = base > 0 ? Math.floor(Math.random() * base) : 0;
    const delay = Math.max(10, this.interval + jitter);
    if (refused) {
      this.interval = Math.min(
        Math.max(this.interval * 2, MIN_REFUSED_INTERVAL),
        Math.max(this.opts.reconnectMaxInterval, REFUSED_MAX_INTERVAL),
      );
    } else if (this.opts.reconnectMaxInterval > base) {
      this.interval = Math.min(this.interval * 2, this.opts.reconnectMaxInterval);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start();
    }, delay);
    this.timer.unref();
  }

  /** Stops dialling. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending?.destroy();
    this.pending = null;
  }
}
