/**
 * The writing side of one connection: every write goes into one batch (FrameWriter) and is
 * counted. Queued messages move from the pipe to the stream only while the stream holds less
 * than WRITE_LIMIT; past it they wait in the pipe (under its high-water mark) for "drain".
 */
import type { Buffer } from "node:buffer";
import type { ByteStream } from "./byte-stream.ts";
import { commandBody } from "./commands.ts";
import { subscriptionMessage } from "../subscription-message.ts";
import { FrameWriter } from "./frame-encoder.ts";
import type { Ring } from "./ring.ts";

/** Bytes a connection may have waiting in its stream before queued messages stay in the pipe. */
const WRITE_LIMIT = 1024 * 1024;

/** What one connection writes, and how much. */
export class ConnectionOutput {
  messagesOut = 0;
  bytesOut = 0;
  private readonly writer: FrameWriter;

  constructor(private readonly sock: ByteStream) {
    this.writer = new FrameWriter(sock, () => sock.unwrittenBytes());
  }

  /** True while the stream holds less than the limit: what is written now goes straight out. */
  get hasRoom(): boolean {
    return this.sock.writableLength < WRITE_LIMIT;
  }

  /** Bytes not on the wire yet: in the batch and in the stream's buffer. */
  get unsent(): number {
    return this.sock.writableLength + this.writer.pending;
  }

  /** Messages not wholly written to the operating system yet (what a lingering close would discard). */
  get unsentMessages(): number {
    return this.writer.unsentMessages();
  }

  /**
   * Writes messages from `queue` while there is room, then flushes; returns how many went.
   * Writes go on past the stream's own high-water mark up to WRITE_LIMIT, so that a burst is
   * absorbed by the socket (as libzmq's I/O thread would absorb it) rather than dropped. The
   * limit counts what the batch holds too, checked for every message.
   */
  drain(queue: Ring<Buffer[] | Buffer>): number {
    let moved = 0;
    while (queue.length > 0 && this.writer.pending + this.sock.writableLength < WRITE_LIMIT) {
      const msg = queue.shift()!;
      this.bytesOut += Array.isArray(msg) ? this.writer.message(msg) : this.writer.encodedMessage(msg);
      moved++;
    }
    this.messagesOut += moved;
    this.writer.flush();
    return moved;
  }

  /** Adds `count` messages encoded as frames (`chunk[start, end)`, `bytes` of bodies) to the batch; a drain flushes it. */
  encoded(chunk: Buffer, start: number, end: number, bytes: number, count: number): void {
    this.writer.encoded(chunk, start, end, count);
    this.messagesOut += count;
    this.bytesOut += bytes;
  }

  /** Sends a message now. */
  message(frames: Buffer[]): void {
    this.bytesOut += this.writer.message(frames);
    this.messagesOut++;
    this.writer.flush();
  }

  /** Sends a command now. */
  command(body: Uint8Array): void {
    this.writer.command(body);
    this.writer.flush();
  }

  /**
   * Sends a subscription now: a command to a ZMTP 3.1 peer, a message to a 3.0 one. `sent`: the
   * application sent it as a message (XSUB), which its socket counts, so this connection does too.
   */
  subscription(peerMinor: number, subscribe: boolean, topic: Uint8Array, sent: boolean): void {
    if (peerMinor >= 1) this.writer.command(commandBody(subscribe ? "SUBSCRIBE" : "CANCEL", topic));
    else this.writer.frame(0, subscriptionMessage(subscribe, topic));
    this.writer.flush();
    if (!sent) return;
    this.messagesOut++;
    this.bytesOut += 1 + topic.length;
  }

  /** Sends raw bytes now (the greeting). */
  raw(bytes: Uint8Array): void {
    this.writer.raw(bytes);
    this.writer.flush();
  }
}
