/**
 * The one base of every error a user can cause (a bad option, a bad endpoint, a port in use, an
 * engine this runtime cannot run). The CLI prints its message as one line on stderr and exits
 * with its `exitCode`; anything that is not a UserError is ours, a bug, and reported as such.
 * It lives outside `cli/` because the engines and parsers that make these errors are a library.
 */
import { ExitCode } from "./cli/exit-codes.ts";

/** A mistake the user can fix; `cause` keeps what the engine or the system said. */
export class UserError extends Error {
  /** The process's exit code when this error ends a command. */
  readonly exitCode: number = ExitCode.usage;
  /** A stable code when one applies (e.g. "EADDRINUSE" from the engine). */
  readonly code?: string;
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "UserError";
    if (options?.code !== undefined) this.code = options.code;
  }
}
