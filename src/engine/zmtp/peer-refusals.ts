/**
 * Peers that keep refusing us in the greeting. libzmq closes a connection whose security
 * mechanism differs (CURVE or PLAIN against NULL) after 0-11 bytes of its greeting, before its
 * mechanism is on the wire, so one such close proves little but the same close again and again
 * is most likely that. This counts consecutive greeting refusals per peer (a dialled endpoint,
 * or the address of a peer that dials in from ever-new ports) and says when to tell: the 1st,
 * 2nd, 4th, 8th... time. The first counts because a libzmq peer that dials us does not dial
 * again after a handshake it judged a protocol error (libzmq 4.3: no reconnect then).
 */
import type { SocketEvent } from "../types.ts";
import type { ConnectionEnd } from "./connection-end.ts";

/** Peers remembered at most (the oldest are forgotten first). */
const MAX_PEERS = 1024;

type PeerRefused = Extract<SocketEvent, { type: "peer-refused" }>;

/** Consecutive greeting refusals per peer. */
export class PeerRefusals {
  private readonly counts = new Map<string, number>();

  /**
   * A connection to the peer `key` ended: the peer-refused event to emit now, if any. The event
   * names the peer by its key, so that every retry of one peer is the same peer.
   */
  ended(key: string, end: ConnectionEnd): PeerRefused | null {
    if (end.code !== "ZMTP_CLOSED_IN_GREETING" && end.code !== "ZMTP_MECHANISM_MISMATCH") return null;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.delete(key);
    this.counts.set(key, n);
    if (this.counts.size > MAX_PEERS) this.counts.delete(this.counts.keys().next().value!);
    if ((n & (n - 1)) !== 0) return null;
    const named = end.code === "ZMTP_MECHANISM_MISMATCH";
    const times = `${n} time${n === 1 ? "" : "s"}`;
    const reason = named
      ? `${end.reason} (${times} in a row)`
      : `the peer closed during the greeting, ${times}: most likely a security mechanism other than NULL (CURVE/PLAIN), which zmtp does not support`;
    return { type: "peer-refused", peer: key, code: end.code, reason, count: n };
  }

  /** A handshake with the peer `key` completed: its count starts over. */
  succeeded(key: string): void {
    this.counts.delete(key);
  }
}

/**
 * The peer a refusal is counted against: the endpoint dialled, or for a peer that dialled in,
 * its address without the port (each of its reconnects comes from a new one).
 */
export function refusalKey(remote: string, dialled: boolean): string {
  return dialled ? remote : remote.replace(/:\d+$/, "");
}
