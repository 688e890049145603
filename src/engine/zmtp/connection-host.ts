/**
 * What a connection and its socket tell each other. The connection is a type parameter, so that
 * this module names no class and connection.ts, which implements the other side, can import it
 * without an import cycle.
 */
import type { Buffer } from "node:buffer";
import type { SocketType } from "../types.ts";
import type { ConnectionEnd, PeerInfo } from "./connection-end.ts";
import type { HeartbeatOptions } from "./heartbeat.ts";
import type { Pipe } from "./pipe.ts";

/**
 * Where a socket that forwards (forward.ts) takes whole messages straight from a connection's
 * input, as a place in the chunk they arrived in (see FrameDecoder.scanMessage); valid only
 * during the call.
 */
export interface RawSink {
  raw(chunk: Buffer, start: number, end: number, topicAt: number, topicLen: number, bytes: number): void;
  /** True when, right now, every message would be taken and go to every peer alike (no topic to test). */
  takesAll(): boolean;
  /** `count` whole messages back to back in `chunk[start, end)`, `bytes` of bodies; only after takesAll(). */
  rawRun(chunk: Buffer, start: number, end: number, count: number, bytes: number): void;
}

/** What a connection (of type `C`) needs from its socket. */
export interface ConnectionHost<C> {
  readonly type: SocketType;
  readonly routingId: Buffer;
  /** Set while the socket forwards and can take messages raw; the connection then skips making frames. */
  readonly rawSink: RawSink | null;
  /** Handshake complete: returns the pipe to use, or a reason to refuse the peer. */
  ready(conn: C, peer: PeerInfo): Pipe | string;
  message(conn: C, frames: Buffer[]): void;
  subscription(conn: C, subscribe: boolean, topic: Buffer): void;
  /** False while the socket's receive queue for this peer is full, or its input budget is spent. */
  canAccept(conn: C): boolean;
  /** The connection holds `bytes` of input (`midMessage`: half a message); false: stop reading until resumeBudget(). */
  inputHeld(conn: C, bytes: number, midMessage: boolean): boolean;
  /** Some queued messages went out: senders waiting for room may go on. */
  drained(conn: C): void;
  ended(conn: C, end: ConnectionEnd): void;
}

/** Connection settings. */
export interface ConnectionOptions {
  maxMessageSize: number;
  handshakeTimeout: number;
  heartbeat: HeartbeatOptions;
}
