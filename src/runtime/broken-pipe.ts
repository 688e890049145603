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
      const code = (e as { code?: unknown } | null)?.code;
      // exit() ends the streams on Bun to flush them: a write racing the exit has nowhere to go.
      if (code === "ERR_STREAM_WRITE_AFTER_END") return;
      if (broken) return;
      if (code !== "EPIPE") throw e;
      broken = true;
      onBroken();
    });
  }
}
