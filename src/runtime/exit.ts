/**
 * Ending the process without losing output. process.exit() drops whatever the runtime still
 * holds for stdout and stderr. Node writes pipes, files and terminals synchronously on Linux,
 * and Deno too, so waiting for the stream's own buffer is enough there. Bun does not: it hands
 * writes to a native sink and reports an empty buffer while a pipe's reader has not yet taken
 * them (a 1.26 MB summary arrived as 131,072 bytes), and an empty write's callback does not
 * wait for them. Ending the stream does: its callback comes once everything written has gone
 * out, or the reader has gone away.
 */
import { runtimeName } from "./runtime-name.ts";

/** Ends the process with `code` once stdout and stderr have been flushed. */
export async function exit(code: number): Promise<never> {
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (runtimeName() === "bun") return endStream(stream, resolve);
    if (stream.writableLength === 0) return resolve();
    stream.write("", () => resolve());
  });
}

/** Ends `stream` (the process is ending anyway) and calls `done` once, when its output has gone out. */
function endStream(stream: NodeJS.WriteStream, done: () => void): void {
  if (stream.writableFinished || stream.destroyed) return done();
  let called = false;
  const once = () => {
    if (!called) (called = true), done();
  };
  stream.once("error", once);
  stream.once("close", once);
  if (stream.writableEnded) stream.once("finish", once);
  else stream.end(once);
}

/** Sets the exit code for a natural exit (without ending the process now). */
export function setExitCode(code: number): void {
  process.exitCode = code;
}
