/**
 * The subscription message of ZMTP 3.0, which XSUB sends and XPUB hands to its application (and
 * a 3.1 peer may still send): one frame, byte 1 (subscribe) or 0 (cancel), then the topic. Built
 * and read here only, for both engines and the bus.
 */
import { Buffer } from "node:buffer";

/** A decoded subscription message. */
export interface Subscription {
  subscribe: boolean;
  topic: Buffer;
}

/** The frame that subscribes to (or, with `subscribe` false, cancels) `topic`. */
export function subscriptionMessage(subscribe: boolean, topic: Uint8Array): Buffer {
  const m = Buffer.allocUnsafe(1 + topic.length);
  m[0] = subscribe ? 1 : 0;
  m.set(topic, 1);
  return m;
}

/** True when a frame is a subscription (1 + topic) or a cancel (0 + topic). */
export function isSubscriptionFrame(f: Uint8Array): boolean {
  return f.length > 0 && (f[0] === 0 || f[0] === 1);
}

/** For a subscription frame: true when it subscribes, false when it cancels. */
export function subscribes(f: Uint8Array): boolean {
  return f[0] === 1;
}

/** For a subscription frame: its topic (a view, not a copy). */
export function subscriptionTopic(f: Buffer): Buffer {
  return f.subarray(1);
}

/** Decodes a one-frame message; undefined when it is not a subscription (e.g. an XSUB peer's own message). */
export function decodeSubscription(message: Buffer[]): Subscription | undefined {
  if (message.length !== 1 || !isSubscriptionFrame(message[0])) return undefined;
  return { subscribe: subscribes(message[0]), topic: subscriptionTopic(message[0]) };
}
