/**
 * Every way a zmtp connection ends, as one table: a stable code, the kind of event it gives
 * (`protocol-error`, `handshake-failure`, `disconnect`, `internal-error`) and what it means.
 * Faults are made only through fault(), so a code always carries its kind; tests assert codes,
 * so a crash of our own (ZMTP_INTERNAL) can never pass for a correct refusal of a peer.
 * A leaf module: it imports nothing, so any file of the engine may use it.
 */

/** What kind of event a fault is reported as. */
export type FaultKind = "protocol-error" | "handshake-failure" | "disconnect" | "internal-error";

/** The fault table: code -> [kind, meaning]. The README lists the same codes. */
export const FAULTS = {
  ZMTP_BAD_SIGNATURE: ["protocol-error", "the first bytes are not a ZMTP 3 greeting signature (0xFF ... 0x7F)"],
  ZMTP_BAD_VERSION: ["protocol-error", "the peer speaks a ZMTP major version below 3"],
  ZMTP_MECHANISM_MISMATCH: ["handshake-failure", "the peer's security mechanism is not NULL (CURVE, PLAIN, ...)"],
  ZMTP_CLOSED_IN_GREETING: [
    "handshake-failure",
    "the peer closed during the greeting: most likely a security mechanism other than NULL",
  ],
  ZMTP_BAD_FLAGS: ["protocol-error", "a frame with reserved flag bits set, or a command with MORE"],
  ZMTP_FRAME_TOO_LARGE: [
    "protocol-error",
    "a frame declares more bytes than the maximum message size (or than a buffer can hold)",
  ],
  ZMTP_MESSAGE_TOO_LARGE: ["protocol-error", "the frames of one message add up to more than the maximum message size"],
  ZMTP_BAD_COMMAND: ["protocol-error", "a malformed command frame (empty, bad name length, malformed PING)"],
  ZMTP_UNKNOWN_COMMAND: ["protocol-error", "a command zmtp does not know after the handshake"],
  ZMTP_BAD_READY: ["protocol-error", "no READY first, or a malformed READY (properties, no Socket-Type)"],
  ZMTP_TRUNCATED: ["protocol-error", "the peer closed in the middle of a READY or a frame"],
  ZMTP_INCOMPATIBLE_SOCKET_TYPE: ["handshake-failure", "the peer's socket type may not talk to this one (RFC 23)"],
  ZMTP_REFUSED_BY_SOCKET: [
    "handshake-failure",
    "the socket refused the peer at the end of its handshake (e.g. a second PAIR peer)",
  ],
  ZMTP_HANDSHAKE_TIMEOUT: ["handshake-failure", "the handshake did not complete in time"],
  ZMTP_CLOSED_IN_HANDSHAKE: ["disconnect", "the peer closed after its greeting, before READY"],
  ZMTP_PEER_ERROR: ["disconnect", "the peer sent an ERROR command"],
  ZMTP_HEARTBEAT_TIMEOUT: ["disconnect", "nothing arrived within the heartbeat timeout after a PING"],
  ZMTP_HEARTBEAT_TTL: ["disconnect", "the TTL of the peer's last PING ran out without traffic"],
  ZMTP_PEER_CLOSED: ["disconnect", "the peer closed the connection between messages"],
  ZMTP_STREAM_ERROR: ["disconnect", "the TCP or IPC stream failed (reset, broken pipe)"],
  ZMTP_CLOSED_BY_APPLICATION: ["disconnect", "the application closed the socket"],
  ZMTP_INTERNAL: [
    "internal-error",
    "an exception of zmqdiag's own while handling the peer's input (a bug, not the peer's fault)",
  ],
} as const satisfies Record<string, readonly [FaultKind, string]>;

/** A stable fault code. */
export type FaultCode = keyof typeof FAULTS;

/** One fault: its code, the kind of event it gives, and what happened, in words. */
export interface Fault {
  code: FaultCode;
  kind: FaultKind;
  reason: string;
}

/** Makes a fault; `reason` says what happened this time (the table says what the code means). */
export function fault(code: FaultCode, reason: string): Fault {
  return { code, kind: FAULTS[code][0], reason };
}

/** Faults after which dialling again at once would meet the same refusal: reconnects back off. */
export function isRefusal(code: FaultCode): boolean {
  return code === "ZMTP_CLOSED_IN_GREETING" || code === "ZMTP_MECHANISM_MISMATCH" || code === "ZMTP_PEER_ERROR" ||
    code === "ZMTP_INCOMPATIBLE_SOCKET_TYPE";
}
