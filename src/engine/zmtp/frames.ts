/** What send() accepts, turned into frames. */
import { Buffer } from "node:buffer";
import { ZmqError } from "../errors.ts";
import type { FrameInput } from "../types.ts";

/** Turns send()'s argument into frames (strings UTF-8 encoded; byte arrays not copied). */
export function toFrames(message: FrameInput | FrameInput[]): Buffer[] {
  if (!Array.isArray(message)) return [toFrame(message)];
  if (message.length === 0) throw new ZmqError("EINVAL", "a message needs at least one frame");
  return message.map(toFrame);
}

function toFrame(f: FrameInput): Buffer {
  if (typeof f === "string") return Buffer.from(f, "utf8");
  if (Buffer.isBuffer(f)) return f;
  if (f instanceof Uint8Array) return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
  throw new ZmqError("EINVAL", `a frame must be a string or a Uint8Array, not ${typeof f}`);
}
