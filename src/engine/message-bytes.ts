/**
 * A message's size as every counter counts it: the sum of its frames' bodies, before framing
 * (strings as their UTF-8 bytes). One loop, no allocation: it runs once per message.
 */
import { Buffer } from "node:buffer";
import type { FrameInput } from "./types.ts";

function frameBytes(f: FrameInput): number {
  return typeof f === "string" ? Buffer.byteLength(f) : f.byteLength;
}

/** The bytes of a message's frame bodies (one frame or several). */
export function messageBytes(message: FrameInput | readonly FrameInput[]): number {
  if (!Array.isArray(message)) return frameBytes(message as FrameInput);
  let n = 0;
  for (let i = 0; i < message.length; i++) n += frameBytes(message[i]);
  return n;
}
