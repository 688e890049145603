/**
 * PUB (RFC 29): sends each message to every peer whose subscriptions match its first frame;
 * a peer whose queue is full misses the message, counted as a drop. Never waits.
 * Subscriptions come as SUBSCRIBE/CANCEL commands (3.1) or as 1|0-prefixed frames (3.0): as in
 * libzmq (xpub.cpp), every frame of a message that starts with 1 or 0 is one, the first or not.
 */
import { Buffer } from "node:buffer";
import { isSubscriptionFrame, subscribes, subscriptionTopic } from "../../subscription-message.ts";
import type { SocketType } from "../../types.ts";
import type { Pipe } from "../pipe.ts";
import { SocketBase } from "../socket-base.ts";
import type { ResolvedOptions } from "../options.ts";

/** A PUB socket (and the base of XPUB). */
export class PubSocket extends SocketBase {
  protected override readonly dropsAtHwm = true;
  constructor(options: ResolvedOptions, type: SocketType = "pub") {
    super(type, options);
  }

  protected override trySend(frames: Buffer[]): boolean {
    const first = frames[0];
    const pipes = this.pipes;
    for (let i = 0; i < pipes.length; i++) {
      const p = pipes[i];
      // A pipe that is down holds topics only when it reconnects (see onDisconnected): it queues.
      if (!p.topics.matches(first)) continue;
      if (p.hasRoom()) p.enqueue(frames);
      else this.drop(p);
    }
    return true;
  }

  /** forward()'s destination: a message already encoded as frames, `chunk[start, end)`. */
  sendEncoded(chunk: Buffer, start: number, end: number, topicAt: number, topicLen: number, bytes: number): void {
    const pipes = this.pipes;
    for (let i = 0; i < pipes.length; i++) {
      const p = pipes[i];
      if (!p.topics.matchesAt(chunk, topicAt, topicLen)) continue;
      if (p.writesThrough()) p.conn!.writeEncoded(chunk, start, end, bytes);
      else if (p.hasRoom()) p.enqueue(chunk.subarray(start, end), bytes);
      else this.drop(p);
    }
    this.stats.sentRaw(bytes);
  }

  /** forward()'s destination: true when every message would now go to every live peer at once. */
  sendsAllNow(): boolean {
    const pipes = this.pipes;
    for (let i = 0; i < pipes.length; i++) {
      const p = pipes[i];
      if ((p.live || p.topics.size > 0) && !(p.topics.everything && p.writesThrough())) return false;
    }
    return true;
  }

  /** forward()'s destination: `count` encoded messages back to back, after sendsAllNow(). */
  sendEncodedRun(chunk: Buffer, start: number, end: number, count: number, bytes: number): void {
    const pipes = this.pipes;
    for (let i = 0; i < pipes.length; i++) {
      if (pipes[i].live) pipes[i].conn!.writeEncoded(chunk, start, end, bytes, count);
    }
    this.stats.sentRaw(bytes, count);
  }

  /** Other frames are the subscriber's own messages, which PUB ignores. */
  protected override onMessage(pipe: Pipe, frames: Buffer[]): void {
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i];
      if (isSubscriptionFrame(f)) this.onSubscription(pipe, subscribes(f), Buffer.from(subscriptionTopic(f)));
    }
  }

  protected override onSubscription(pipe: Pipe, subscribe: boolean, topic: Buffer): void {
    if (subscribe) pipe.topics.add(topic);
    else pipe.topics.remove(topic);
  }

  protected override onDisconnected(pipe: Pipe): void {
    // A pipe made by connect() outlives its connections, and with it the peer's subscriptions,
    // as in libzmq: messages sent while it is down are queued for it, and the subscriptions the
    // peer re-sends on reconnecting are already there. An accepted peer's pipe goes with it.
    if (!pipe.persistent) pipe.topics.clear();
  }
}
