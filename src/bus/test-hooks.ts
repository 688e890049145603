/** Hooks that only tests use, read from the environment. Not for users. */

/**
 * ZMQDIAG_TEST_HOLD_SHUTDOWN=1 (test-only): the bus's down loop ignores the cancellation of its
 * receive, so that shutdown has something pending past --shutdown-timeout and must report a hang
 * naming it.
 */
export function holdShutdownForTest(): boolean {
  const v = process.env.ZMQDIAG_TEST_HOLD_SHUTDOWN;
  return v !== undefined && v !== "" && v !== "0";
}
