/** Message and byte counts of one socket, kept by the adapter on the hot path. */
import type { Buffer } from "node:buffer";
import { messageBytes } from "../message-bytes.ts";

/** Plain counters: incremented in place, never reallocated. */
export interface Traffic {
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
}

/** A zeroed Traffic. */
export function newTraffic(): Traffic {
  return { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 };
}

/** Counts one received message. */
export function countIn(t: Traffic, message: Buffer[]): void {
  t.messagesIn++;
  t.bytesIn += messageBytes(message);
}
