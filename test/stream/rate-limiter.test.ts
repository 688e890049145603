import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { RateLimiter } from "../../src/stream/rate-limiter.ts";

/** Drives a limiter on a made-up clock: the sender wakes every `tickMs` and sends what is due. */
function simulate(rate: number, seconds: number, tickMs: number) {
  const l = new RateLimiter(rate, 0);
  let sent = 0;
  let biggestBurst = 0;
  for (let now = 0; now < seconds * 1000; now += tickMs) {
    const n = l.take(now);
    sent += n;
    biggestBurst = Math.max(biggestBurst, n);
  }
  return { sent, biggestBurst };
}

describe("rate limiter", () => {
  it("rate limiter - is exact over a run within 1%", () => {
    for (const [rate, tick] of [[50_000, 1], [1000, 4], [7, 1], [123_457, 2]] as const) {
      const { sent } = simulate(rate, 10, tick);
      assert.ok(Math.abs(sent - rate * 10) <= rate * 10 * 0.01, `rate ${rate}: sent ${sent}`);
    }
  });

  it("rate limiter - is smooth: no burst bigger than one tick's worth", () => {
    const { biggestBurst } = simulate(50_000, 2, 1);
    assert.ok(biggestBurst <= 51, `burst ${biggestBurst}`);
  });

  it("rate limiter - says how long to wait for the next message", () => {
    const l = new RateLimiter(100, 1000);
    assert.equal(l.take(1000), 1);
    assert.equal(l.take(1000), 0);
    assert.equal(l.delayMs(1000), 10);
    assert.equal(l.delayMs(1004), 6);
    assert.equal(l.take(1010), 1);
  });

  it("rate limiter - after a long pause it catches up at most its window, then keeps the rate", () => {
    const l = new RateLimiter(1000, 0, 50);
    assert.equal(l.take(0), 1);
    assert.equal(l.take(5000), 50); // five seconds late: only 50 ms of catch-up
    assert.equal(l.take(5000), 0);
    assert.equal(l.take(5040), 40);
  });
});
