/**
 * The byte stream a connection runs over: what a Connection uses of node:net's Socket and
 * nothing more (net-stream.ts adapts a real one; the tests have an in-memory pair). Keeping it
 * this small lets the protocol core run, and be tested, over anything that moves bytes.
 */
import type { Buffer } from "node:buffer";

/** Events of a byte stream; each handler may be added more than once. */
export interface ByteStreamEvents {
  /** Bytes from the peer (not while paused). */
  data: (chunk: Buffer) => void;
  /** The buffer that made write() return false has been handed on: write more. */
  drain: () => void;
  /** The peer ended its side. */
  end: () => void;
  /** The stream failed; "close" follows. */
  error: (e: Error) => void;
  /** The stream is closed, by either side: the last event. */
  close: () => void;
}

/** A connected, two-way byte stream with back-pressure. */
export interface ByteStream {
  /** Hands bytes on; false when the stream's buffer is past its high-water mark ("drain" follows). */
  write(chunk: Uint8Array): boolean;
  /** Bytes written and still held by the stream. */
  readonly writableLength: number;
  /** Of those, the bytes the operating system has not taken yet (exact where the runtime tells). */
  unwrittenBytes(): number;
  /** Stops "data" events until resume(). */
  pause(): void;
  resume(): void;
  /** Ends this side once what was written is out (a half-close). */
  end(): void;
  /** Closes at once, discarding what is unwritten. */
  destroy(): void;
  on<E extends keyof ByteStreamEvents>(event: E, handler: ByteStreamEvents[E]): void;
  once<E extends keyof ByteStreamEvents>(event: E, handler: ByteStreamEvents[E]): void;
}
