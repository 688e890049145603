/**
 * A pipe: the socket's view of one peer. It holds the messages queued for that peer (bounded
 * by the send high-water mark) and what the socket knows of the peer. A pipe made by connect()
 * outlives its connections (libzmq keeps queued messages across reconnects); one made by an
 * accepted connection lives and dies with it.
 */
import { messageBytes } from "../message-bytes.ts";
import type { Buffer } from "node:buffer";
import { bodyBytes } from "./frame-encoder.ts";
import type { PipeLink } from "./pipe-link.ts";
import { Ring } from "./ring.ts";
import { TopicSet } from "./subscriptions.ts";

let nextPipeId = 1;

/** One peer of a socket. */
export class Pipe {
  readonly id = nextPipeId++;
  /**
   * Messages waiting to be written to the peer: as frames, or (forward()) as one buffer of
   * frames already encoded.
   */
  readonly out = new Ring<Buffer[] | Buffer>();
  /** Frame-body bytes of the messages in `out`: handed to the connection, not yet written (socket-stats.ts). */
  outBytes = 0;
  /** The live connection, when handshaken. */
  conn: PipeLink | null = null;
  /** ROUTER: the id messages from/to this peer carry. */
  routingId: Buffer | null = null;
  /** PUB/XPUB: what this peer subscribed to (a set, like libzmq's mtrie). */
  readonly topics = new TopicSet();
  /** Messages from this pipe that sit in the socket's receive queue (receive-queue.ts), oldest first. */
  readonly inbox = new Ring<Buffer[]>(4);
  /** True once the socket dropped the pipe. */
  detached = false;

  /** Queue length at which messages are written at once instead of on the next turn. */
  private readonly pumpAt: number;

  /**
   * `eager`: for sockets that drop at the HWM (PUB, XPUB, ROUTER, REP), a filling queue is
   * written at once, so that a burst from the application is not dropped while the event loop
   * is busy. Sockets that wait for room batch better without it (their sends block instead).
   */
  constructor(readonly sendHwm: number, readonly persistent: boolean, eager = false) {
    this.pumpAt = !eager ? Infinity : sendHwm > 0 ? Math.max(1, Math.min(256, Math.floor(sendHwm / 2))) : 256;
  }

  /** True when one more message fits (0 means no limit, as in libzmq). */
  hasRoom(): boolean {
    return this.sendHwm <= 0 || this.out.length < this.sendHwm;
  }

  /**
   * True when a message may go straight into the connection's write batch, bypassing the queue:
   * nothing waits before it (so order holds) and the connection takes bytes now.
   */
  writesThrough(): boolean {
    return this.out.length === 0 && this.conn !== null && this.conn.canWriteNow();
  }

  /**
   * Queues a message (frames, or frames already encoded, `bytes` of bodies) and asks the
   * connection to write it soon.
   */
  enqueue(
    frames: Buffer[] | Buffer,
    bytes = Array.isArray(frames) ? messageBytes(frames) : bodyBytes(frames, 0, frames.length),
  ): void {
    this.out.push(frames);
    this.outBytes += bytes;
    this.conn?.schedule(this.out.length >= this.pumpAt);
  }

  /** True when this pipe can carry messages right now (connected and handshaken). */
  get live(): boolean {
    return this.conn !== null;
  }
}

/** Index of the first pipe with room, searching round-robin from `start`; -1 when all are full. */
export function nextWithRoom(pipes: readonly Pipe[], start: number): number {
  const n = pipes.length;
  for (let k = 0; k < n; k++) {
    const i = (start + k) % n;
    if (pipes[i].hasRoom()) return i;
  }
  return -1;
}
