/**
 * XSUB (RFC 29): subscriptions are sent as messages (1|0 + topic) and forwarded upstream;
 * other messages go to every publisher. Filters received messages like SUB. As in libzmq
 * (xsub.cpp), every frame of a sent message that starts with 1 or 0 is a subscription, the
 * first or not, and a multipart message goes upstream whole, in the message form, less the
 * cancels that were not the last of their topic. A lone subscription goes as a command (3.1).
 */
import { Buffer } from "node:buffer";
import type { ResolvedOptions } from "../options.ts";
import { SubSocket } from "./sub.ts";
import { isSubscriptionFrame, subscribes, subscriptionTopic } from "../../subscription-message.ts";

/** An XSUB socket. */
export class XSubSocket extends SubSocket {
  constructor(options: ResolvedOptions) {
    super(options, "xsub");
  }

  protected override trySend(frames: Buffer[]): boolean {
    if (frames.length === 1 && isSubscriptionFrame(frames[0])) {
      const f = frames[0];
      const topic = Buffer.from(subscriptionTopic(f));
      if (subscribes(f)) {
        this.subscriptions.add(topic);
        this.upstream(true, topic, true);
      } else if (this.subscriptions.remove(topic)) {
        this.upstream(false, topic, true);
      }
      return true;
    }
    const out = frames.filter((f) => {
      if (!isSubscriptionFrame(f)) return true;
      if (!subscribes(f)) return this.subscriptions.remove(subscriptionTopic(f));
      this.subscriptions.add(subscriptionTopic(f));
      return true;
    });
    if (out.length > 0) { for (const p of this.pipes) if (p.live) p.conn!.sendNow(out); }
    return true;
  }
}
