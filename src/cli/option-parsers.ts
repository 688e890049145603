/** Parsers for numeric and list options; a bad value is a commander InvalidArgumentError (exit 2). */
import { InvalidArgumentError } from "@commander-js/extra-typings";

/**
 * The longest delay a timer takes (2^31-1 ms, about 24.8 days): beyond it every runtime fires
 * the timer at once, so a huge --duration or --warmup would end or start immediately.
 * libzmq's int options (HWM, linger) stop there too.
 */
export const maxTimerMs = 2_147_483_647;
/** The largest value of a libzmq int option (HWM): the same 2^31-1. */
export const maxInt32 = 2_147_483_647;

/** A whole number >= min (and <= max, default the largest safe integer). */
export function integerAtLeast(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  const expected = max === Number.MAX_SAFE_INTEGER
    ? `a whole number >= ${min}`
    : `a whole number from ${min} to ${max}`;
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected ${expected}, got "${value}"`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected ${expected}, got "${value}"`);
    }
    return n;
  };
}

/** Milliseconds for a timer: a whole number from `min` to maxTimerMs. */
export function millisecondsAtLeast(min: number) {
  return integerAtLeast(min, maxTimerMs);
}

/** A finite number > 0 (fractions allowed). */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a number > 0, got "${value}"`);
  }
  return n;
}

/** Seconds for a timer: a number > 0 whose milliseconds fit a timer (at most 2147483 s). */
export function seconds(value: string): number {
  const n = positiveNumber(value);
  if (n * 1000 > maxTimerMs) {
    throw new InvalidArgumentError(
      `expected at most ${Math.floor(maxTimerMs / 1000)} seconds (about 24.8 days), got "${value}"`,
    );
  }
  return n;
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${choices.join(", ")}, got "${value}"`);
    }
    return value as T;
  };
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A file to write (--report, --junit): any path but an empty one, which would silently write nothing. */
export function outputFile(value: string): string {
  if (value.trim() === "") throw new InvalidArgumentError("expected a file name, got an empty one");
  return value;
}
