/**
 * XPUB (RFC 29): a PUB that hands subscriptions to the application as messages (1|0 + topic):
 * by default only a topic's first subscribe and its last unsubscribe over all peers;
 * verbosity "allSubs" passes every subscribe, "allSubsUnsubs" every unsubscribe too. A peer
 * that goes away unsubscribes from its topics. Other messages from peers are passed on.
 */
import type { Buffer } from "node:buffer";
import { subscriptionMessage } from "../commands.ts";
import type { ZmqError } from "../../errors.ts";
import type { Pipe } from "../pipe.ts";
import { TopicCounts } from "../subscriptions.ts";
import type { ResolvedOptions } from "../options.ts";
import { PubSocket } from "./pub.ts";

/** An XPUB socket. */
export class XPubSocket extends PubSocket {
  /** How many peers hold each topic. */
  private readonly holders = new TopicCounts();

  constructor(options: ResolvedOptions) {
    super(options, "xpub");
  }

  protected override checkReceive(): ZmqError | undefined {
    return undefined;
  }

  protected override onSubscription(pipe: Pipe, subscribe: boolean, topic: Buffer): void {
    const v = this.options.verbosity;
    if (subscribe) {
      const newForPipe = pipe.topics.add(topic);
      const first = newForPipe && this.holders.add(topic);
      if (first || v === "allSubs" || v === "allSubsUnsubs") this.notify(pipe, 1, topic);
    } else {
      const hadIt = pipe.topics.remove(topic);
      const last = hadIt && this.holders.remove(topic);
      if (last || !hadIt || v === "allSubsUnsubs") this.notify(pipe, 0, topic);
    }
  }

  protected override onUpstream(pipe: Pipe, frames: Buffer[]): void {
    this.enqueue(pipe, frames);
  }

  protected override onDisconnected(pipe: Pipe): void {
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
