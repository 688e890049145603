/**
 * Runs a command's body and turns what it throws into the right exit: a user's mistake is one
 * line on stderr and exit 2; anything else is reported as an internal error (exit 1), with the
 * stack only when ZMQDIAG_DEBUG is set.
 */
import { EndpointError } from "../engine/endpoint.ts";
import { EngineUnavailableError } from "../engine/load.ts";
import { ZmqError } from "../engine/errors.ts";
import { setTimeout as nodeTimeout } from "node:timers";
import { exit, setExitCode } from "../runtime/exit.ts";
import { ExitCode } from "./exit-codes.ts";
import { UsageError } from "./usage-error.ts";

// ENODEV: libzmq's answer to an address no interface has (e.g. tcp://[::1] without IPv6 on).
const userCodes = new Set(["EADDRINUSE", "EADDRNOTAVAIL", "EINVAL", "ENOENT", "EACCES", "ENOTSUP", "ENODEV"]);

/** True when the error is the user's to fix rather than a bug. */
export function isUserError(e: unknown): boolean {
  if (e instanceof UsageError || e instanceof EndpointError || e instanceof EngineUnavailableError) return true;
  const code = (e as { code?: unknown } | null)?.code;
  return (e instanceof ZmqError || typeof code === "string") && userCodes.has(String(code));
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
    const msg = e instanceof Error ? e.message : String(e);
    if (isUserError(e)) {
      process.stderr.write(`zmqdiag: ${msg}\n`);
      code = ExitCode.usage;
    } else {
      process.stderr.write(`zmqdiag: internal error: ${msg}\n`);
      if (process.env.ZMQDIAG_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
      code = ExitCode.findings;
    }
    return exit(code);
  }
  const within = options?.naturalExitWithinMs;
  if (within === undefined) return exit(code);
  setExitCode(code);
  // node:timers, for unref() on every runtime: this timer must not itself keep the process up.
  nodeTimeout(() => void exit(code), within).unref();
}
