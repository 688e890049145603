/**
 * Peer events that `sub` and `bus` show as they happen: a peer that keeps refusing us in the
 * greeting (`peer-refused`: most likely a security mechanism other than NULL). Every event
 * goes out as a JSON line; for people, one line per peer and code, not one per retry.
 */
import { emitJson } from "../cli/json-lines.ts";
import type { SocketEvent, ZSocket } from "../engine/types.ts";

/** A peer-refused event (see SocketEvent). */
export type PeerRefused = Extract<SocketEvent, { type: "peer-refused" }>;

/** Calls `listener` with the socket's peer-refused events; returns the function that stops it. */
export function onPeerRefused(socket: ZSocket, listener: (e: PeerRefused) => void): () => void {
  return socket.onEvent((e) => {
    if (e.type === "peer-refused") listener(e);
  });
}

/** The line for people: who, why, and the stable code. */
export function peerRefusedLine(e: PeerRefused, where = ""): string {
  return `peer refused${where ? ` (${where})` : ""}: ${e.peer}: ${e.reason} [${e.code}]`;
}

/** Shows peer-refused events: each as JSON (`json`), or the first per peer and code through `write`. */
export class PeerRefusedReport {
  private readonly shown = new Set<string>();

  constructor(private readonly json: boolean, private readonly write: (line: string) => void, private readonly where = "") {}

  /** Shows one event. */
  show(e: PeerRefused): void {
    if (this.json) return emitJson(this.where ? { ...e, socket: this.where } : { ...e });
    const key = `${e.peer}\n${e.code}`;
    if (this.shown.has(key)) return;
    this.shown.add(key);
    this.write(peerRefusedLine(e, this.where));
  }
}
