/** Subscription messages as XPUB hands them up: one frame, byte 1 (subscribe) or 0 (cancel), then the topic. */
import type { Buffer } from "node:buffer";

/** A decoded subscription message. */
export interface Subscription {
  subscribe: boolean;
  topic: Buffer;
}

/** Decodes a message from XPUB; undefined when it is not a subscription (e.g. an XSUB peer's own message). */
export function decodeSubscription(message: Buffer[]): Subscription | undefined {
  if (message.length !== 1) return undefined;
  const f = message[0];
  if (f.length < 1 || (f[0] !== 0 && f[0] !== 1)) return undefined;
  return { subscribe: f[0] === 1, topic: f.subarray(1) };
}

/**
 * A topic as text for reports: UTF-8 when it is printable, else `0x` and hex, so that binary
 * topics stay exact and distinguishable.
 */
export function topicText(topic: Uint8Array): string {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(topic);
  // eslint-disable-next-line no-control-regex
  if (!text.includes("\uFFFD") && !/[\u0000-\u001f\u007f]/.test(text)) return text;
  return `0x${Array.from(topic, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
