/**
 * Why a connection ended when its peer closed it (or the stream failed), from how far the
 * connection had got: inside the greeting (the sign of a security-mechanism mismatch: libzmq
 * closes after 0-11 bytes of its greeting), after the greeting but before READY, in the middle
 * of a READY or frame, or cleanly between messages.
 */
import type { ConnectionState } from "./connection-end.ts";
import { type Fault, fault } from "./faults.ts";

/** Where the connection was when the peer closed. */
export interface ClosePoint {
  state: ConnectionState;
  /** Greeting bytes received. */
  greetingBytes: number;
  /** True when bytes of an unfinished READY, frame or message are held. */
  cut: boolean;
  /** The stream's own error, when it failed rather than closed. */
  streamError?: string;
}

/** The fault for a peer that closed (or a stream that failed) at `p`. */
export function closeReason(p: ClosePoint): Fault {
  const how = p.streamError ? `the stream failed (${p.streamError})` : "the peer closed";
  if (p.state === "greeting") {
    return fault("ZMTP_CLOSED_IN_GREETING", `${how} during the greeting, after ${p.greetingBytes} of its 64 bytes`);
  }
  // A reset between or inside messages is a lost connection, not a malformed stream.
  if (p.state === "ready" && p.streamError) return fault("ZMTP_STREAM_ERROR", p.streamError);
  if (p.cut) return fault("ZMTP_TRUNCATED", `truncated stream: ${how} in the middle of a READY or frame`);
  if (p.state === "handshake") return fault("ZMTP_CLOSED_IN_HANDSHAKE", `${how} after the greeting, before READY`);
  return fault("ZMTP_PEER_CLOSED", "connection closed by peer");
}
