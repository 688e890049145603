/**
 * The forwarding fast path of the frame decoder: whole messages of plain, legal data frames that
 * lie back to back in one received chunk, found without making a Buffer or a frame. Anything
 * else (a message that goes on in a later chunk, a command, illegal flags, a size over the
 * maximum) ends the run, for the decoder to take frame by frame with its checks and errors.
 */
import type { Buffer } from "node:buffer";
import { LONG, MORE } from "./frame-flags.ts";

/** Where scanMessages() puts what it took (the frame decoder's fields). */
export interface ScannedMessages {
  /** The chunk, and the run's whole encoding in it (frame headers included): [msgStart, msgEnd). */
  msgChunk: Buffer;
  msgStart: number;
  msgEnd: number;
  /** The first frame's body of the run's last message: [topicAt, topicAt + topicLen). */
  topicAt: number;
  topicLen: number;
  /** Frame-body bytes of the run. */
  msgBytes: number;
  /** Messages in the run. */
  runCount: number;
}

/**
 * Takes up to `most` whole messages from `c` at `start` (frame bodies up to `max` bytes per
 * message, -1 for no limit) into `out`; false, with `out` untouched, when not even one lies
 * whole there. The loop keeps to locals and `out` is written once per call, not per message
 * (a call per message shows in the bus's CPU profile).
 */
export function scanMessages(c: Buffer, start: number, max: number, most: number, out: ScannedMessages): boolean {
  const end = c.length;
  let p = start;
  let count = 0;
  let total = 0;
  let topicAt = 0;
  let topicLen = 0;
  run: while (count < most) {
    let q = p;
    let bytes = 0;
    let first = -1;
    let firstLen = 0;
    frames: while (true) {
      if (q + 2 > end) break run;
      const flags = c[q];
      if ((flags & ~(MORE | LONG)) !== 0) break run;
      let size: number;
      let head: number;
      if ((flags & LONG) === 0) {
        size = c[q + 1];
        head = 2;
      } else {
        if (q + 9 > end || c.readUInt32BE(q + 1) !== 0) break run;
        size = c.readUInt32BE(q + 5);
        head = 9;
      }
      if (q + head + size > end) break run;
      bytes += size;
      if (max >= 0 && bytes > max) break run;
      if (first < 0) {
        first = q + head;
        firstLen = size;
      }
      q += head + size;
      if ((flags & MORE) === 0) break frames;
    }
    p = q;
    count++;
    total += bytes;
    topicAt = first;
    topicLen = firstLen;
  }
  if (count === 0) return false;
  out.msgChunk = c;
  out.msgStart = start;
  out.msgEnd = p;
  out.topicAt = topicAt;
  out.topicLen = topicLen;
  out.msgBytes = total;
  out.runCount = count;
  return true;
}
