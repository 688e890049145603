/**
 * The clock and timers of a connection (handshake timeout, heartbeats, write scheduling), as
 * a small interface: the real ones by default, a fake clock in tests, so that heartbeat
 * deadlines are tested to the millisecond without sleeping and without patching globals.
 */
import { clearInterval, clearTimeout, setImmediate, setInterval, setTimeout } from "node:timers";

/** A pending timer. */
export interface TimerHandle {
  cancel(): void;
  /** Starts the same wait over from now (also after it ran, for a one-shot timer). */
  restart(): void;
}

/** Time for a connection. Timers never keep the process up (they are unref'd). */
export interface Timers {
  /** Epoch milliseconds. */
  now(): number;
  /** Runs `fn` once after `ms`. */
  after(ms: number, fn: () => void): TimerHandle;
  /** Runs `fn` every `ms`. */
  every(ms: number, fn: () => void): TimerHandle;
  /** Runs `fn` once the I/O events being handled now are done (setImmediate). */
  soon(fn: () => void): void;
}

/** The runtime's own timers. */
export const realTimers: Timers = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref();
    return { cancel: () => clearTimeout(t), restart: () => void t.refresh() };
  },
  every(ms, fn) {
    const t = setInterval(fn, ms);
    t.unref();
    return { cancel: () => clearInterval(t), restart: () => void t.refresh() };
  },
  soon(fn) {
    setImmediate(fn);
  },
};
