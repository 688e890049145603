/**
 * Runs a command's body and turns what it throws into the right exit: a user's mistake (a
 * UserError) is one line on stderr and its exit code (2); anything else is ours, reported as an
 * internal error (exit 1), with the stack only when ZMQDIAG_DEBUG is set. This is the one place
 * that decides a command's exit code from an error.
 */
import { setTimeout as nodeTimeout } from "node:timers";
import { exit, setExitCode } from "../runtime/exit.ts";
import { UserError } from "../user-error.ts";
import { ExitCode } from "./exit-codes.ts";

/** The exit code and the stderr text for an error that ended a command. */
export function errorExit(e: unknown, debug = Boolean(process.env.ZMQDIAG_DEBUG)): { code: number; text: string } {
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof UserError) return { code: e.exitCode, text: `zmqdiag: ${msg}\n` };
  const stack = debug && e instanceof Error && e.stack ? `${e.stack}\n` : "";
  return { code: ExitCode.findings, text: `zmqdiag: internal error: ${msg}\n${stack}` };
}

/** How runAction ends the process. */
export interface RunActionOptions {
  /**
   * After a successful body, let the process end by itself (so that sockets closed with a
   * linger can still deliver their queued messages) within this many ms, then exit anyway.
   */
  naturalExitWithinMs?: number;
}

/** Runs `body`, then exits with the code it returns. */
export async function runAction(body: () => Promise<number>): Promise<never>;
/** Same; with `naturalExitWithinMs` it returns after a successful body and the process ends by itself. */
export async function runAction(body: () => Promise<number>, options: RunActionOptions): Promise<void>;
export async function runAction(body: () => Promise<number>, options?: RunActionOptions): Promise<void> {
  let code: number;
  try {
    code = await body();
  } catch (e) {
    const end = errorExit(e);
    process.stderr.write(end.text);
    return exit(end.code);
  }
  const within = options?.naturalExitWithinMs;
  if (within === undefined) return exit(code);
  setExitCode(code);
  // node:timers, for unref() on every runtime: this timer must not itself keep the process up.
  nodeTimeout(() => void exit(code), within).unref();
}
