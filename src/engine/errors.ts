/** Error codes zmqdiag's engines use; the same names zeromq.js uses. */
export type ZmqErrorCode =
  | "EAGAIN" | "EBUSY" | "EBADF" | "ETERM" | "EINVAL" | "EADDRINUSE" | "EADDRNOTAVAIL"
  | "ENOTSUP" | "EPROTO" | "EHOSTUNREACH" | "EFSM" | "ECONNREFUSED" | "ENOENT";

/** An error from an engine, with a stable `code`. */
export class ZmqError extends Error {
  readonly code: ZmqErrorCode;
  constructor(code: ZmqErrorCode, message: string) {
    super(message);
    this.name = "ZmqError";
    this.code = code;
  }
}

/** True when `e` carries the given ZeroMQ error code (works for zeromq.js errors too). */
export function hasCode(e: unknown, code: ZmqErrorCode): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === code;
}
