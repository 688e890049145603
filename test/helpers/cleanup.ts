/**
 * The one cleanup helper of the tests: things to close (sockets, servers, peers) and steps to
 * run (a folder to remove, a process to kill) when a test ends, whatever happened. Last added,
 * first run; a step that throws does not stop the others.
 */

/** What a test has to undo. */
export class Cleanup {
  private readonly steps: Array<() => unknown> = [];

  /** Adds something to close (or destroy); returns it. */
  add<T extends { close(): unknown } | { destroy(): unknown }>(thing: T): T {
    this.steps.push(() => ("close" in thing ? thing.close() : thing.destroy()));
    return thing;
  }

  /** Adds a step (remove a folder, kill a process). */
  defer(step: () => unknown): void {
    this.steps.push(step);
  }

  /** Runs every step, once. */
  async run(): Promise<void> {
    for (const step of this.steps.reverse()) {
      try {
        await step();
      } catch {
        // already closed, or gone
      }
    }
    this.steps.length = 0;
  }
}

/** Runs `fn` with a Cleanup that is run afterwards, whatever happens. */
export async function withCleanup<T>(fn: (c: Cleanup) => Promise<T>): Promise<T> {
  const c = new Cleanup();
  try {
    return await fn(c);
  } finally {
    await c.run();
  }
}
