/**
 * Bytes a socket stream holds that the operating system has not taken yet. Every runtime's
 * writableLength counts the chunk being written as a whole until all of it is out; Node also
 * tells how much of that chunk is left (its handle's writeQueueSize), which makes the count
 * exact to the byte. Deno and Bun do not, so there the chunk in progress counts whole.
 */
import type { Writable } from "node:stream";

type Internals = { _handle?: { writeQueueSize?: unknown } | null; _writableState?: { writelen?: unknown } };

/** Unwritten bytes of `stream`. */
export function unwrittenBytes(stream: Writable): number {
  const total = stream.writableLength;
  const s = stream as unknown as Internals;
  const left = s._handle?.writeQueueSize;
  const inFlight = s._writableState?.writelen;
  if (
    typeof left !== "number" || typeof inFlight !== "number" || inFlight <= 0 || left > inFlight || inFlight > total
  ) return total;
  return total - inFlight + left;
}
