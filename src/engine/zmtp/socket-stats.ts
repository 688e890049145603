/**
 * Counters and events of one zmtp socket. Socket-level message counts are what the
 * application sent and received (as the native engine counts them); per-connection counts
 * are what the socket handed each connection and what each handed the socket (see record()).
 * Events stop once the socket is closed.
 */
import type { Buffer } from "node:buffer";
import type { ConnectionCounters, SocketCounters, SocketEvent } from "../types.ts";
import { messageBytes } from "../message-bytes.ts";
import type { Connection } from "./connection.ts";
import type { ConnectionEnd } from "./connection-end.ts";
import { PeerRefusals } from "./peer-refusals.ts";
import type { Pipe } from "./pipe.ts";

/** Closed connections remembered for counters(). */
const KEEP_CLOSED = 64;

/** Counters and event listeners of one socket. */
export class SocketStats {
  private messagesIn = 0;
  private messagesOut = 0;
  private bytesIn = 0;
  private bytesOut = 0;
  private drops = 0;
  private connects = 0;
  private disconnects = 0;
  private handshakeFailures = 0;
  private protocolErrors = 0;
  private readonly open = new Map<Connection, number>();
  private readonly closedRecords: ConnectionCounters[] = [];
  private readonly listeners = new Set<(e: SocketEvent) => void>();
  private readonly refusals = new PeerRefusals();
  private silent = false;
  private nextConnectionId = 1;

  /** The application sent a message. */
  sent(frames: Buffer[]): void {
    this.messagesOut++;
    this.bytesOut += messageBytes(frames);
  }

  /** The application received a message. */
  delivered(frames: Buffer[]): void {
    this.messagesIn++;
    this.bytesIn += messageBytes(frames);
  }

  /** The application sent messages given as encoded bytes (forward()), `bytes` of frame bodies. */
  sentRaw(bytes: number, count = 1): void {
    this.messagesOut += count;
    this.bytesOut += bytes;
  }

  /** The socket received messages taken raw by forward(), `bytes` of frame bodies. */
  deliveredRaw(bytes: number, count = 1): void {
    this.messagesIn += count;
    this.bytesIn += bytes;
  }

  /** A message for `pipe` was dropped at its high-water mark. */
  dropped(pipe: Pipe): void {
    this.drops++;
    if (pipe.conn) pipe.conn.drops++;
  }

  /** A connection finished its handshake; `key` names its peer for refusal counting (peer-refusals.ts). */
  connected(conn: Connection, key: string): void {
    this.refusals.succeeded(key);
    this.connects++;
    this.open.set(conn, this.nextConnectionId++);
    this.emit({ type: "connect", peer: conn.remote });
  }

  /** A connection ended; `socketClosed` when the application closed the socket. */
  ended(conn: Connection, end: ConnectionEnd, socketClosed: boolean, key: string): void {
    const id = this.open.get(conn);
    if (id !== undefined) {
      this.open.delete(conn);
      this.closedRecords.push(record(conn, id, false));
      if (this.closedRecords.length > KEEP_CLOSED) this.closedRecords.shift();
    }
    const peer = conn.remote;
    const { code, reason } = end;
    if (end.kind === "protocol-error") {
      this.protocolErrors++;
      this.emit({ type: "protocol-error", peer, code, reason });
    }
    if (end.kind === "internal-error") this.emit({ type: "internal-error", peer, code, reason });
    // One event per failed connection: malformed input is a protocol error even mid-handshake.
    if (
      end.kind === "handshake-failure" ||
      (end.kind === "disconnect" && !end.wasReady && !socketClosed && !conn.appClosed)
    ) {
      this.handshakeFailures++;
      const unsaid = end.kind === "disconnect" && code !== "ZMTP_CLOSED_IN_HANDSHAKE";
      this.emit({
        type: "handshake-failure",
        peer,
        code,
        reason: unsaid ? `${reason} before the handshake completed` : reason,
      });
    }
    if (!socketClosed) {
      const refused = this.refusals.ended(key, end);
      if (refused) this.emit(refused);
    }
    if (end.wasReady) {
      this.disconnects++;
      this.emit({ type: "disconnect", peer, code, reason });
    }
  }

  /** Stops events (the socket is closed). */
  closeEvents(): void {
    this.silent = true;
    this.listeners.clear();
  }

  /** Adds an event listener; returns its remover. */
  onEvent(listener: (e: SocketEvent) => void): () => void {
    if (this.silent) return () => {};
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** The counters now. */
  snapshot(peers: number): SocketCounters {
    const connections = [...this.closedRecords, ...[...this.open].map(([c, id]) => record(c, id, true))].sort((a, b) =>
      a.id - b.id
    );
    return {
      messagesIn: this.messagesIn,
      messagesOut: this.messagesOut,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      drops: this.drops,
      connects: this.connects,
      disconnects: this.disconnects,
      handshakeFailures: this.handshakeFailures,
      protocolErrors: this.protocolErrors,
      peers,
      connections,
    };
  }

  private emit(e: SocketEvent): void {
    if (this.silent) return;
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        // A listener's bug must not break the connection that reported the event.
      }
    }
  }
}

/**
 * One connection's counters. Out is what the socket handed it: written, or still waiting in its
 * pipe (queued for this connection, so counted here as the socket counted it, and not only once
 * it moved). In is what it read and handed to the socket, counted before anything downstream
 * sees it; what still waits in the receive queue or was filtered out is the socket's to count.
 * A closed record keeps what was written: a persistent pipe's queue goes on to the next connection.
 */
function record(c: Connection, id: number, open: boolean): ConnectionCounters {
  const pipe = open && c.pipe !== null && c.pipe.conn === c ? c.pipe : null;
  return {
    id,
    peer: c.remote,
    peerSocketType: c.peer?.socketType ?? "",
    messagesIn: c.messagesIn,
    messagesOut: c.output.messagesOut + (pipe?.out.length ?? 0),
    bytesIn: c.bytesIn,
    bytesOut: c.output.bytesOut + (pipe?.outBytes ?? 0),
    drops: c.drops,
    open,
    lastPongAt: c.lastPongAt,
  };
}
