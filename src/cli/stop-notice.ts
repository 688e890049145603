/**
 * The line a person sees when the first Ctrl-C (or SIGTERM) does not end a command at once:
 * what it is still doing, and, for Ctrl-C, that a second one forces the end.
 */
import fs from "node:fs";
import { setTimeout as nodeTimeout } from "node:timers";
import { exit } from "../runtime/exit.ts";
import { errorPrefix } from "./command-style.ts";
import { ExitCode } from "./exit-codes.ts";

/** How long a stop may take before the notice is shown. */
export const slowStopMs = 250;

/** "zmqdiag: stopping (SIGINT): <doing>; Ctrl-C again to force". */
export function stoppingLine(cause: string, doing: string): string {
  return `${errorPrefix}stopping (${cause}): ${doing}${cause === "SIGINT" ? "; Ctrl-C again to force" : ""}\n`;
}

/**
 * Writes stoppingLine() to stderr if the stop has not finished within slowStopMs; returns the
 * function to call once it has. The timer never keeps the process alive.
 */
export function noticeIfSlow(cause: string, doing: string): () => void {
  const timer = nodeTimeout(() => process.stderr.write(stoppingLine(cause, doing)), slowStopMs);
  timer.unref();
  return () => clearTimeout(timer);
}

/** The second signal: out now, without the summary the first one was waiting for (exit 1). */
export function forceExit(cause: string): void {
  fs.writeSync(2, `${errorPrefix}stopped by ${cause} again: exiting without the summary\n`);
  void exit(ExitCode.findings);
}
