/**
 * Peer events that `sub` and `bus` show as they happen: a peer that keeps refusing us in the
 * greeting (`peer-refused`: most likely a security mechanism other than NULL), and a peer we
 * refused for a message over `--max-message-size`. Every event goes out as a JSON line; for
 * people, one line per peer and code, not one per retry.
 */
import { emitJson } from "../cli/json-lines.ts";
import type { SocketEvent, ZSocket } from "../engine/types.ts";

/** A peer-refused event (see SocketEvent). */
export type PeerRefused = Extract<SocketEvent, { type: "peer-refused" }>;

/** The engine's codes for a message over the maximum message size (one frame, or all of one message). */
const tooLargeCodes = new Set(["ZMTP_FRAME_TOO_LARGE", "ZMTP_MESSAGE_TOO_LARGE"]);

/**
 * The refusal an event stands for: a peer-refused event as it is, or a peer disconnected for a
 * message over the maximum message size (a protocol error with a too-large code), named with
 * what to do about it. Undefined for every other event.
 */
export function refusalOf(e: SocketEvent): PeerRefused | undefined {
  if (e.type === "peer-refused") return e;
  if (e.type !== "protocol-error" || !tooLargeCodes.has(e.code)) return undefined;
  return {
    type: "peer-refused",
    peer: e.peer,
    code: e.code,
    reason: `${e.reason}; raise --max-message-size to accept it`,
    count: 1,
  };
}

/** Calls `listener` with the socket's refusals (see refusalOf); returns the function that stops it. */
export function onPeerRefused(socket: ZSocket, listener: (e: PeerRefused) => void): () => void {
  return socket.onEvent((e) => {
    const refusal = refusalOf(e);
    if (refusal) listener(refusal);
  });
}

/** The line for people: who, why, and the stable code. */
export function peerRefusedLine(e: PeerRefused, where = ""): string {
  return `peer refused${where ? ` (${where})` : ""}: ${e.peer}: ${e.reason} [${e.code}]`;
}

/** Shows peer-refused events: each as JSON (`json`), or the first per peer and code through `write`. */
export class PeerRefusedReport {
  private readonly shown = new Set<string>();

  constructor(
    private readonly json: boolean,
    private readonly write: (line: string) => void,
    private readonly where = "",
  ) {}

  /** Shows one event. */
  show(e: PeerRefused): void {
    if (this.json) return emitJson(this.where ? { ...e, socket: this.where } : { ...e });
    const key = `${e.peer}\n${e.code}`;
    if (this.shown.has(key)) return;
    this.shown.add(key);
    this.write(peerRefusedLine(e, this.where));
  }
}
