/**
 * Pacing for `pub --rate`: message i is due at start + i / rate. The sender sends what is due,
 * then sleeps one short tick; so traffic is smooth (bursts of one tick, a few ms) and, because
 * the schedule is absolute, exact over a run. A sender that fell far behind (a pause of the
 * process) does not burst to catch up more than `maxCatchUpMs` of traffic.
 */

/** Plans how many messages may be sent at a given moment. */
export class RateLimiter {
  private start: number;
  private granted = 0;

  /** `rate` in messages per second; times in ms on any monotonic clock. */
  constructor(
    private readonly rate: number,
    now: number,
    private readonly maxCatchUpMs = 100,
  ) {
    this.start = now;
  }

  /** How many more messages may be sent at `now` (and records them as granted). */
  take(now: number): number {
    let due = Math.floor(((now - this.start) * this.rate) / 1000) + 1;
    const limit = this.granted + Math.max(1, Math.ceil((this.maxCatchUpMs * this.rate) / 1000));
    if (due > limit) {
      // Forget the debt beyond the catch-up window: move the schedule's start forward.
      this.start += ((due - limit) * 1000) / this.rate;
      due = limit;
    }
    const n = Math.max(0, due - this.granted);
    this.granted += n;
    return n;
  }

  /** Milliseconds from `now` until the next message is due (0 when one is due already). */
  delayMs(now: number): number {
    const nextAt = this.start + (this.granted * 1000) / this.rate;
    return Math.max(0, nextAt - now);
  }
}
