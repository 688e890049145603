/**
 * Hooks that only zmqdiag's own tests use, read from the environment, all in this one place.
 * Not for users: nothing documents them outside this file and the tests.
 */

/**
 * ZMQDIAG_TEST_HOLD_SHUTDOWN=1: the bus's down loop ignores the cancellation of its receive, so
 * that shutdown has something pending past --shutdown-timeout and must report a hang naming it.
 */
export function holdShutdownForTest(): boolean {
  const v = process.env.ZMQDIAG_TEST_HOLD_SHUTDOWN;
  return v !== undefined && v !== "" && v !== "0";
}

/**
 * ZMQDIAG_TEST_START_DEADLINE_MS: the start deadline of a repro child, in ms, instead of 30 s, so
 * that a test can see a child that never reaches setup be killed without waiting that long.
 * Undefined when unset or not a positive integer.
 */
export function startDeadlineForTest(): number | undefined {
  const v = Number(process.env.ZMQDIAG_TEST_START_DEADLINE_MS);
  return Number.isInteger(v) && v > 0 ? v : undefined;
}
