/**
 * A reader that goes away (`zmqdiag sub --json | head -1`) makes the next write to stdout or
 * stderr fail with EPIPE, which, unhandled, ends the process with a stack trace on Node and
 * Deno. Here it calls `onBroken` once instead, and later write errors on the closed pipe are
 * dropped: nobody is left to read them.
 */
export function onBrokenPipe(onBroken: () => void): void {
  let broken = false;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: unknown) => {
      if (broken) return;
      if ((e as { code?: unknown } | null)?.code !== "EPIPE") throw e;
      broken = true;
      onBroken();
    });
  }
}
