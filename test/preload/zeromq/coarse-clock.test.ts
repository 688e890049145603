import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { coarseNow, tickMs } from "../../../src/preload/zeromq/coarse-clock.ts";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("preload zeromq - the coarse clock", () => {
  it("preload zeromq - read after a quiet spell, the clock is exact", async () => {
    coarseNow();
    await wait(20 * tickMs); // no read for many ticks: the timer has stopped
    const before = performance.now();
    const t = coarseNow();
    assert.ok(t >= before && t <= performance.now(), `${t} not within [${before}, ${performance.now()}]`);
  });

  it("preload zeromq - read while calls go on, the clock moves with time", async () => {
    const first = coarseNow();
    const started = performance.now();
    let last = first;
    for (let i = 0; i < 40; i++) {
      await wait(1);
      last = coarseNow();
      assert.ok(last <= performance.now());
    }
    const elapsed = performance.now() - started;
    // It lags by at most a tick plus however late this loop's timers ran; a frozen clock would not move at all.
    assert.ok(last - first >= elapsed - 10 * tickMs - 20, `moved ${last - first} ms in ${elapsed} ms`);
  });
});
