/** Turns zeromq.js errors into zmqdiag's ZmqError, and makes the adapter's own ones. */
import { ZmqError, type ZmqErrorCode } from "../errors.ts";

const knownCodes = new Set<string>([
  "EAGAIN", "EBUSY", "EBADF", "ETERM", "EINVAL", "EADDRINUSE", "EADDRNOTAVAIL",
  "ENOTSUP", "EPROTO", "EHOSTUNREACH", "EFSM", "ECONNREFUSED", "ENOENT",
]);

/** A ZmqError for a zeromq.js error with a known code; anything else unchanged. */
export function toZmqError(e: unknown, context?: string): unknown {
  if (e instanceof ZmqError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !knownCodes.has(code)) return e;
  const message = (e as Error).message ?? code;
  return new ZmqError(code as ZmqErrorCode, context ? `${context}: ${message}` : message);
}

/** The error of an operation on a closed socket. */
export function closedError(): ZmqError {
  return new ZmqError("EBADF", "socket closed");
}

/** The error of a second concurrent receive. */
export function busyReadingError(): ZmqError {
  return new ZmqError("EBUSY", "Socket is busy reading; only one receive operation may be in progress");
}

/** The error of a second concurrent send. */
export function busyWritingError(): ZmqError {
  return new ZmqError("EBUSY", "Socket is busy writing; only one send operation may be in progress");
}

/** The error of a receive or send that ran out of time. */
export function timeoutError(operation: "receive" | "send", ms: number): ZmqError {
  return new ZmqError("EAGAIN", `${operation} timed out after ${ms} ms`);
}
