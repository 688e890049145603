/**
 * Runs a command's body and turns what it throws into the right exit: a user's mistake is one
 * line on stderr and exit 2; anything else is reported as an internal error (exit 1), with the
 * stack only when ZMQDIAG_DEBUG is set.
 */
import { EndpointError } from "../engine/endpoint.ts";
import { EngineUnavailableError } from "../engine/load.ts";
import { ZmqError } from "../engine/errors.ts";
import { exit } from "../runtime/exit.ts";
import { ExitCode } from "./exit-codes.ts";
import { UsageError } from "./usage-error.ts";

const userCodes = new Set(["EADDRINUSE", "EADDRNOTAVAIL", "EINVAL", "ENOENT", "EACCES", "ENOTSUP"]);

/** True when the error is the user's to fix rather than a bug. */
export function isUserError(e: unknown): boolean {
  if (e instanceof UsageError || e instanceof EndpointError || e instanceof EngineUnavailableError) return true;
  const code = (e as { code?: unknown } | null)?.code;
  return (e instanceof ZmqError || typeof code === "string") && userCodes.has(String(code));
}

/** Runs `body`, then exits with the code it returns. */
export async function runAction(body: () => Promise<number>): Promise<never> {
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
  }
  return exit(code);
}
