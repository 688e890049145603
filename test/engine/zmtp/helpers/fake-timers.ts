/**
 * A fake clock for a zmtp connection (src/engine/zmtp/timers.ts): time moves only when the test
 * calls advance(), and due timers run in order of their due time, so heartbeat deadlines are
 * tested to the millisecond, without sleeping and without touching the runtime's globals.
 */
import type { TimerHandle, Timers } from "../../../../src/engine/zmtp/timers.ts";

interface Timer {
  at: number;
  ms: number;
  fn: () => void;
  repeat: boolean;
  seq: number;
}

/** Timers that run when the test says. */
export class FakeTimers implements Timers {
  private time: number;
  private seq = 0;
  private readonly timers = new Set<Timer>();
  private soonQueue: Array<() => void> = [];

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): TimerHandle {
    return this.add(ms, fn, false);
  }

  every(ms: number, fn: () => void): TimerHandle {
    return this.add(ms, fn, true);
  }

  soon(fn: () => void): void {
    this.soonQueue.push(fn);
  }

  /** Timers waiting to run. */
  get pending(): number {
    return this.timers.size;
  }

  /** Runs what soon() queued (the turn of the event loop after the I/O being handled). */
  runSoon(): void {
    // Bounded: a callback that queues more is run in a later round, up to 1000 rounds.
    for (let round = 0; round < 1000 && this.soonQueue.length > 0; round++) {
      const q = this.soonQueue;
      this.soonQueue = [];
      for (const fn of q) fn();
    }
  }

  /** Moves time on by `ms`, running each timer that falls due, in order, and soon() work between. */
  advance(ms: number): void {
    const end = this.time + ms;
    this.runSoon();
    for (let ran = 0; ran < 100_000; ran++) {
      const next = this.due(end);
      if (next === undefined) break;
      this.time = next.at;
      if (next.repeat) next.at += next.ms;
      else this.timers.delete(next);
      next.fn();
      this.runSoon();
    }
    this.time = end;
  }

  private due(end: number): Timer | undefined {
    let first: Timer | undefined;
    for (const t of this.timers) {
      if (t.at <= end && (first === undefined || t.at < first.at || (t.at === first.at && t.seq < first.seq))) {
        first = t;
      }
    }
    return first;
  }

  private add(ms: number, fn: () => void, repeat: boolean): TimerHandle {
    const t: Timer = { at: this.time + ms, ms, fn, repeat, seq: this.seq++ };
    this.timers.add(t);
    return {
      cancel: () => void this.timers.delete(t),
      restart: () => {
        t.at = this.time + ms;
        t.seq = this.seq++;
        this.timers.add(t);
      },
    };
  }
}
