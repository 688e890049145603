/**
 * The errors both engines throw: one class with a stable `code`, the codes listed once, and one
 * factory per error that both engines can raise, so that the same fault has the same words on
 * `native` and `zmtp`. Errors only one engine has (a REQ's state machine, a zmtp option) stay
 * next to it, built with the same class.
 */

/** Error codes zmqdiag's engines use; the same names zeromq.js uses. */
export const zmqErrorCodes = [
  "EAGAIN",
  "EBUSY",
  "EBADF",
  "ETERM",
  "EINVAL",
  "EADDRINUSE",
  "EADDRNOTAVAIL",
  "ENOTSUP",
  "EPROTO",
  "EHOSTUNREACH",
  "EFSM",
  "ECONNREFUSED",
  "ENOENT",
] as const;

/** One of `zmqErrorCodes`. */
export type ZmqErrorCode = (typeof zmqErrorCodes)[number];

const codeSet: ReadonlySet<string> = new Set(zmqErrorCodes);

/** True when `code` is one of zmqdiag's engine error codes. */
export function isZmqErrorCode(code: unknown): code is ZmqErrorCode {
  return typeof code === "string" && codeSet.has(code);
}

/** An error from an engine, with a stable `code`; `cause` keeps the error underneath, if any. */
export class ZmqError extends Error {
  readonly code: ZmqErrorCode;
  constructor(code: ZmqErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ZmqError";
    this.code = code;
  }
}

/** True when `e` carries the given ZeroMQ error code (works for zeromq.js errors too). */
export function hasCode(e: unknown, code: ZmqErrorCode): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === code;
}

/** An operation on a closed socket. */
export function closedError(): ZmqError {
  return new ZmqError("EBADF", "socket is closed");
}

/** A second receive (or send) while one is in progress; zeromq.js's own words. */
export function busyError(operation: "receive" | "send"): ZmqError {
  const doing = operation === "receive" ? "reading" : "writing";
  return new ZmqError(
    "EBUSY",
    `Socket is busy ${doing}; only one ${operation} operation may be in progress at any time`,
  );
}

/** A receive or send that ran out of time. */
export function timeoutError(operation: "receive" | "send", ms: number): ZmqError {
  return new ZmqError("EAGAIN", `${operation} timed out after ${ms} ms`);
}

/** An operation this socket type does not have (a PUB cannot receive). */
export function unsupportedError(type: string, operation: "send" | "receive" | "subscribe" | "unsubscribe"): ZmqError {
  return new ZmqError("ENOTSUP", `a ${type} socket cannot ${operation}`);
}

/** A receiveBatch() whose `max` is not an integer of at least 1. */
export function batchMaxError(max: number): ZmqError {
  return new ZmqError("EINVAL", `receiveBatch needs a max of at least 1, not ${max}`);
}

/** A socket type the engine does not know. */
export function unknownSocketTypeError(type: unknown): ZmqError {
  return new ZmqError("EINVAL", `unknown socket type ${JSON.stringify(String(type))}`);
}

/** An inproc:// endpoint on an engine that has no in-process transport. */
export function inprocUnsupportedError(engine: string, endpoint: string): ZmqError {
  return new ZmqError("ENOTSUP", `inproc:// is not supported by the ${engine} engine: ${endpoint}`);
}
