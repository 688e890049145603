/** Turns zeromq.js errors into zmqdiag's ZmqError. */
import { isZmqErrorCode, ZmqError } from "../errors.ts";

/** A ZmqError for a zeromq.js error with a known code (the original kept as `cause`); anything else unchanged. */
export function toZmqError(e: unknown, context?: string): unknown {
  if (e instanceof ZmqError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (!isZmqErrorCode(code)) return e;
  const message = (e as Error).message ?? code;
  return new ZmqError(code, context ? `${context}: ${message}` : message, { cause: e });
}
