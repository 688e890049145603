/**
 * Waiting for a condition instead of for a fixed time: a test goes on as soon as what it needs
 * is true, and fails, saying what it waited for, when that takes longer than `ms`.
 */

/** Resolves once `ok()` is true (checked every `everyMs`), rejects after `ms` naming `what`. */
export async function eventually(
  ok: () => boolean | Promise<boolean>,
  ms: number,
  what: string | (() => string),
  everyMs = 10,
): Promise<void> {
  const deadline = Date.now() + ms;
  // Bounded by the deadline; the count is a second bound should the clock misbehave.
  for (let i = 0; i < 1_000_000; i++) {
    if (await ok()) return;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${typeof what === "string" ? what : what()}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`gave up waiting for ${typeof what === "string" ? what : what()}`);
}
