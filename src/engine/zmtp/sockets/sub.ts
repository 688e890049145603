/**
 * SUB (RFC 29): counted subscriptions (two subscribes need two unsubscribes); each subscribe
 * goes upstream, an unsubscribe only when its count reaches zero (libzmq's behaviour); every
 * topic is re-sent to a new or re-established peer. Filters again on receipt.
 */
import { Buffer } from "node:buffer";
import { closedError } from "../../errors.ts";
import type { FrameInput, SocketType } from "../../types.ts";
import type { PeerInfo } from "../connection-end.ts";
import type { Pipe } from "../pipe.ts";
import { TopicCounts } from "../subscriptions.ts";
import { SocketBase } from "../socket-base.ts";
import type { ResolvedOptions } from "../options.ts";

/** A SUB socket (and the base of XSUB). */
export class SubSocket extends SocketBase {
  protected readonly subscriptions = new TopicCounts();
  protected override readonly takesRaw = true;

  constructor(options: ResolvedOptions, type: SocketType = "sub") {
    super(type, options);
  }

  override subscribe(topic: FrameInput = ""): void {
    if (this.closed) throw closedError();
    const t = topicBytes(topic);
    this.subscriptions.add(t);
    this.upstream(true, t);
  }

  override unsubscribe(topic: FrameInput = ""): void {
    if (this.closed) throw closedError();
    const t = topicBytes(topic);
    if (this.subscriptions.remove(t)) this.upstream(false, t);
  }

  protected override trySend(_frames: Buffer[]): boolean {
    return false;
  }

  override admitsRaw(chunk: Buffer, at: number, len: number): boolean {
    return this.subscriptions.matchesAt(chunk, at, len);
  }

  override admitsAll(): boolean {
    return this.subscriptions.everything;
  }

  protected override onMessage(pipe: Pipe, frames: Buffer[]): void {
    if (this.subscriptions.matches(frames[0])) this.enqueue(pipe, frames);
  }

  protected override onConnected(pipe: Pipe, _peer: PeerInfo): void {
    for (const t of this.subscriptions.list()) pipe.conn?.sendSubscription(true, t);
  }

  /** Tells every connected publisher; `sent` when the application sent it as a message (XSUB). */
  protected upstream(subscribe: boolean, topic: Buffer, sent = false): void {
    for (const p of this.pipes) p.conn?.sendSubscription(subscribe, topic, sent);
  }
}

/** A topic as bytes. */
export function topicBytes(topic: FrameInput): Buffer {
  return typeof topic === "string" ? Buffer.from(topic, "utf8") : Buffer.from(topic);
}
