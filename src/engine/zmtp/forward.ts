/**
 * forward(): one direction of a proxy inside the engine. The source socket hands over what it
 * receives: raw (a place in the chunk it arrived in, see FrameDecoder.scanMessage) when the
 * connection found the whole message in one chunk, as frames otherwise. The destination sends
 * it as send() would, never waiting (pub, xpub): a raw message is copied straight into each
 * matching peer's write batch when that peer has nothing queued, so most messages cross
 * without a Buffer, an array or a promise being made for them.
 */
import type { Buffer } from "node:buffer";
import type { Forwarding } from "../types.ts";
import { messageBytes } from "../message-bytes.ts";
import type { RawSink } from "./connection-host.ts";

/** The receiving side of a forward, as the socket implements it. */
export interface ForwardSource {
  /** True when a message whose first frame is `chunk[at, at + len)` passes the socket's own filter (SUB/XSUB). */
  admitsRaw(chunk: Buffer, at: number, len: number): boolean;
  /** True when the socket's own filter passes every message. */
  admitsAll(): boolean;
  /** Counts messages taken raw as received (the socket's messagesIn and bytesIn). */
  countRaw(bytes: number, count?: number): void;
  /** The forward ended (stop()): messages go to the receive queue again. */
  forwardEnded(f: Forward): void;
}

/** The sending side of a forward. */
export interface ForwardTarget {
  readonly closed: boolean;
  /** Sends a message given as encoded frames `chunk[start, end)`; see RawSink. */
  sendEncoded(chunk: Buffer, start: number, end: number, topicAt: number, topicLen: number, bytes: number): void;
  /** Sends a message given as frames (ZSocket.sendNow: a pub or xpub never has to wait). */
  sendNow(frames: Buffer[]): boolean;
  /** True when every message would now go to every connected peer at once (all subscribed to everything, nothing queued). */
  sendsAllNow(): boolean;
  /** Sends `count` encoded messages back to back in `chunk[start, end)`; only after sendsAllNow(). */
  sendEncodedRun(chunk: Buffer, start: number, end: number, count: number, bytes: number): void;
}

/** A forward in progress. */
export class Forward implements Forwarding, RawSink {
  messages = 0;
  bytes = 0;
  private stopped = false;

  constructor(private readonly source: ForwardSource, private readonly target: ForwardTarget) {}

  /** A message the source's connection found whole in one chunk. */
  raw(chunk: Buffer, start: number, end: number, topicAt: number, topicLen: number, bytes: number): void {
    if (!this.source.admitsRaw(chunk, topicAt, topicLen)) return;
    this.source.countRaw(bytes);
    if (this.target.closed) return;
    this.target.sendEncoded(chunk, start, end, topicAt, topicLen, bytes);
    this.messages++;
    this.bytes += bytes;
  }

  takesAll(): boolean {
    return this.source.admitsAll() && !this.target.closed && this.target.sendsAllNow();
  }

  /** Messages the source's connection found whole in one chunk, when takesAll(). */
  rawRun(chunk: Buffer, start: number, end: number, count: number, bytes: number): void {
    this.source.countRaw(bytes, count);
    this.target.sendEncodedRun(chunk, start, end, count, bytes);
    this.messages += count;
    this.bytes += bytes;
  }

  /** A message the source received as frames (split across chunks, or queued before the forward). */
  frames(frames: Buffer[]): void {
    if (this.target.closed) return;
    this.target.sendNow(frames);
    this.messages++;
    this.bytes += messageBytes(frames);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.source.forwardEnded(this);
  }
}
