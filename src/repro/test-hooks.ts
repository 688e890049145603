/** Hooks that only tests use, read from the environment. Not for users. */

/**
 * ZMQDIAG_TEST_START_DEADLINE_MS (test-only): the start deadline of a repro child, in ms, instead
 * of 30 s, so that a test can see a child that never reaches setup be killed without waiting that
 * long. Undefined when unset or not a positive integer.
 */
export function startDeadlineForTest(): number | undefined {
  const v = Number(process.env.ZMQDIAG_TEST_START_DEADLINE_MS);
  return Number.isInteger(v) && v > 0 ? v : undefined;
}
