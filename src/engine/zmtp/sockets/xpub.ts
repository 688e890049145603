/**
 * XPUB (RFC 29): a PUB that hands subscriptions to the application as messages (1|0 + topic):
 * by default only a topic's first subscribe and its last unsubscribe over all peers;
 * verbosity "allSubs" passes every subscribe, "allSubsUnsubs" every unsubscribe too. A peer
 * that goes away unsubscribes from its topics. Other frames from peers are passed on. As in
 * libzmq (xpub.cpp), any frame of a message that starts with 1 or 0 is a subscription, and a
 * notification ends the message the peer's other frames are in: [\x01c, p, \x01d, x] reaches the
 * application as [\x01c], [p, \x01d], [x].
 */
import { Buffer } from "node:buffer";
import type { Pipe } from "../pipe.ts";
import { TopicCounts } from "../subscriptions.ts";
import type { ResolvedOptions } from "../options.ts";
import { isSubscriptionFrame, subscribes, subscriptionMessage, subscriptionTopic } from "../../subscription-message.ts";
import { PubSocket } from "./pub.ts";

/** An XPUB socket. */
export class XPubSocket extends PubSocket {
  /** How many peers hold each topic. */
  private readonly holders = new TopicCounts();

  constructor(options: ResolvedOptions) {
    super(options, "xpub");
  }

  protected override onSubscription(pipe: Pipe, subscribe: boolean, topic: Buffer): void {
    if (this.applies(pipe, subscribe, topic)) this.notify(pipe, subscribe ? 1 : 0, topic);
  }

  protected override onMessage(pipe: Pipe, frames: Buffer[]): void {
    // libzmq hands each frame on with its own MORE flag, and a notification with none: so a
    // notification ends the message that the frames before it are in.
    let group: Buffer[] = [];
    const last = frames.length - 1;
    for (let i = 0; i <= last; i++) {
      const f = frames[i];
      if (isSubscriptionFrame(f)) {
        const subscribe = subscribes(f);
        const topic = subscriptionTopic(f);
        if (!this.applies(pipe, subscribe, Buffer.from(topic))) continue;
        group.push(subscriptionMessage(subscribe, topic));
      } else {
        group.push(f);
        if (i < last) continue;
      }
      this.enqueue(pipe, group);
      group = [];
    }
    // Frames whose message ended in a subscription the application is not told of.
    if (group.length > 0) this.enqueue(pipe, group);
  }

  /** Applies a subscription; true when the application is to hear of it (per verbosity). */
  private applies(pipe: Pipe, subscribe: boolean, topic: Buffer): boolean {
    const v = this.options.verbosity;
    if (subscribe) {
      const newForPipe = pipe.topics.add(topic);
      const first = newForPipe && this.holders.add(topic);
      return first || v === "allSubs" || v === "allSubsUnsubs";
    }
    const hadIt = pipe.topics.remove(topic);
    const last = hadIt && this.holders.remove(topic);
    return last || !hadIt || v === "allSubsUnsubs";
  }

  protected override onDisconnected(pipe: Pipe): void {
    // A connecting XPUB keeps a peer's subscriptions across its reconnects (see PubSocket); they
    // end, with their unsubscribes, only with an accepted peer's connection.
    if (pipe.persistent) return;
    for (const topic of pipe.topics.list()) {
      const last = this.holders.remove(topic);
      if (last || this.options.verbosity === "allSubsUnsubs") this.notify(pipe, 0, topic);
    }
    pipe.topics.clear();
  }

  private notify(pipe: Pipe, kind: 0 | 1, topic: Buffer): void {
    this.enqueue(pipe, [subscriptionMessage(kind === 1, topic)]);
  }
}
