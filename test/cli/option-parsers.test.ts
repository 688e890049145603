import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { InvalidArgumentError } from "@commander-js/extra-typings";
import { integerAtLeast, maxTimerMs, millisecondsAtLeast, seconds } from "../../src/cli/option-parsers.ts";

describe("option parsers", () => {
  it("option parsers - milliseconds stop at the longest delay a timer takes", () => {
    const ms = millisecondsAtLeast(0);
    assert.equal(maxTimerMs, 2 ** 31 - 1);
    assert.equal(ms("0"), 0);
    assert.equal(ms(String(maxTimerMs)), maxTimerMs);
    assert.throws(() => ms(String(maxTimerMs + 1)), InvalidArgumentError);
    assert.throws(() => ms("99999999999999"), /from 0 to 2147483647/);
    assert.throws(() => millisecondsAtLeast(1)("0"), /from 1 to 2147483647/);
  });

  it("option parsers - seconds are positive and fit a timer once in ms", () => {
    assert.equal(seconds("0.5"), 0.5);
    assert.equal(seconds("2147483.647"), 2147483.647);
    assert.throws(() => seconds("2147483.648"), /at most 2147483 seconds/);
    assert.throws(() => seconds("1e300"), InvalidArgumentError);
    assert.throws(() => seconds("0"), /expected a number > 0/);
    assert.throws(() => seconds("abc"), /expected a number > 0/);
  });

  it("option parsers - integerAtLeast keeps its message without a max, and names the range with one", () => {
    assert.throws(() => integerAtLeast(1)("0"), /expected a whole number >= 1, got "0"/);
    assert.throws(() => integerAtLeast(0, 10)("11"), /expected a whole number from 0 to 10, got "11"/);
    assert.equal(integerAtLeast(0, 10)("10"), 10);
  });
});
