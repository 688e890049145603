/**
 * A connection's input, message by message: frames gathered until one without MORE, their
 * total held to the maximum message size; and the forwarding fast path, which takes whole
 * messages in place from the received chunk (FrameDecoder.scanRun/scanMessage) while no
 * message is half gathered. Commands may come between frames and never touch what is held.
 */
import type { Buffer } from "node:buffer";
import type { RawSink } from "./connection-host.ts";
import { type Fault, fault } from "./faults.ts";
import { FRAME, type FrameDecoder } from "./frame-decoder.ts";

/** The frames of the message being received. */
export class MessageAssembly {
  private frames: Buffer[] = [];
  /** Body bytes held so far. */
  bytes = 0;

  /** `max`: largest message in bytes, -1 for no limit. */
  constructor(private readonly max: number) {}

  /** True while a message is half gathered. */
  get pending(): boolean {
    return this.frames.length > 0;
  }

  /** Adds a frame: the whole message when it was the last, a fault when over the maximum, else null. */
  add(body: Buffer, more: boolean): Buffer[] | Fault | null {
    this.frames.push(body);
    this.bytes += body.length;
    if (this.max >= 0 && this.bytes > this.max) {
      return fault("ZMTP_MESSAGE_TOO_LARGE", `message of more than ${this.max} bytes exceeds the maximum message size`);
    }
    if (more) return null;
    const msg = this.frames;
    this.frames = [];
    this.bytes = 0;
    return msg;
  }
}

/**
 * Hands `sink` the whole messages that lie in place at the decoder's read position: a run of
 * them when the sink takes everything, else one. `count(messages, bytes)` hears of them first:
 * the sink may hand them to code that reads the counters, which must then include them.
 * Returns how many; 0 when none lies whole there (next() then takes the input frame by frame).
 */
export function takeInPlace(d: FrameDecoder, sink: RawSink, count: (messages: number, bytes: number) => void): number {
  if (sink.takesAll()) {
    if (d.scanRun() !== FRAME) return 0;
    count(d.runCount, d.msgBytes);
    sink.rawRun(d.msgChunk, d.msgStart, d.msgEnd, d.runCount, d.msgBytes);
    return d.runCount;
  }
  if (d.scanMessage() !== FRAME) return 0;
  count(1, d.msgBytes);
  sink.raw(d.msgChunk, d.msgStart, d.msgEnd, d.topicAt, d.topicLen, d.msgBytes);
  return 1;
}
