import { UserError } from "../user-error.ts";

/** A bad option or option combination: one line on stderr, exit 2. */
export class UsageError extends UserError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, options);
    this.name = "UsageError";
  }
}
