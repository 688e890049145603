/**
 * What a pipe, and a socket reaching through a pipe, ask of the pipe's live connection
 * (connection.ts implements it). Declared apart from the connection so that pipe.ts and
 * connection.ts, which point at each other, form no import cycle.
 */
import type { Buffer } from "node:buffer";

/** A pipe's live connection, as the socket side uses it. */
export interface PipeLink {
  /** Messages for this peer dropped at the high-water mark (counted per connection). */
  drops: number;
  /** True when bytes written now go straight to the stream. */
  canWriteNow(): boolean;
  /** Asks for queued messages to be written soon, or at once when `now`. */
  schedule(now?: boolean): void;
  /** Writes messages already encoded as frames, bypassing the pipe. */
  writeEncoded(chunk: Buffer, start: number, end: number, bytes: number, count?: number): void;
  /** Sends a message now, bypassing the pipe. */
  sendNow(frames: Buffer[]): void;
  /** Sends a subscription in the form the peer understands. */
  sendSubscription(subscribe: boolean, topic: Uint8Array, sent?: boolean): void;
  /** Goes on reading after the receive queue made room. */
  resumeReading(): void;
}
