/** Message and byte counts of one socket, kept by the adapter on the hot path. */
import { Buffer } from "node:buffer";
import type { FrameInput } from "../types.ts";

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
  for (let i = 0; i < message.length; i++) t.bytesIn += message[i].length;
}

function frameBytes(f: FrameInput): number {
  return typeof f === "string" ? Buffer.byteLength(f) : f.byteLength;
}

/** The bytes a message will take on the wire, before framing. */
export function messageBytes(message: FrameInput | FrameInput[]): number {
  if (!Array.isArray(message)) return frameBytes(message as FrameInput);
  let n = 0;
  for (let i = 0; i < message.length; i++) n += frameBytes(message[i]);
  return n;
}
