/**
 * consume(): every message a socket receives goes to the application's sink inside the engine,
 * instead of into the receive queue. Like forward() (forward.ts), a message the connection found
 * whole in one chunk is handed over in place, as the bytes of its encoded frames, so no Buffer,
 * array or promise is made for it; a run of such messages goes over in one call. A message split
 * across chunks (or queued before) goes over as frames.
 */
import type { Buffer } from "node:buffer";
import type { Consuming, MessageSink } from "../types.ts";
import type { RawSink } from "./connection-host.ts";
import type { ForwardSource } from "./forward.ts";

/** A consume() in progress. */
export class Consume implements Consuming, RawSink {
  messages = 0;
  private stopped = false;

  constructor(
    private readonly source: Omit<ForwardSource, "forwardEnded"> & { consumeEnded(c: Consume): void },
    private readonly sink: MessageSink,
  ) {}

  raw(chunk: Buffer, start: number, end: number, topicAt: number, topicLen: number, bytes: number): void {
    if (!this.source.admitsRaw(chunk, topicAt, topicLen)) return;
    this.source.countRaw(bytes);
    this.messages++;
    this.sink.encoded(chunk, start, end);
  }

  takesAll(): boolean {
    return this.source.admitsAll();
  }

  rawRun(chunk: Buffer, start: number, end: number, count: number, bytes: number): void {
    this.source.countRaw(bytes, count);
    this.messages += count;
    this.sink.encoded(chunk, start, end);
  }

  frames(frames: Buffer[]): void {
    this.messages++;
    this.sink.frames(frames);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.source.consumeEnded(this);
  }
}
