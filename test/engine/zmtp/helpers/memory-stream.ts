/**
 * An in-memory byte stream for a zmtp connection (src/engine/zmtp/byte-stream.ts), driven by the
 * test: feed() the peer's bytes, takeWritten() what the connection wrote (as the operating
 * system taking it, which fires "drain" when a write had said to wait). Nothing happens on its
 * own, so a test decides every step and every byte, without TCP and without sleeping. Like
 * node:net, it holds fed bytes while paused and emits "close" a microtask after destroy().
 */
import { Buffer } from "node:buffer";
import type { ByteStream, ByteStreamEvents } from "../../../../src/engine/zmtp/byte-stream.ts";

type Handlers = { [E in keyof ByteStreamEvents]: Array<{ fn: ByteStreamEvents[E]; once: boolean }> };

/** One end of a connection, played by the test. */
export class MemoryStream implements ByteStream {
  /** True after destroy() (by the connection) or a close played by the test. */
  destroyed = false;
  /** True after end() (a half-close by the connection). */
  ended = false;
  /** How often the connection paused reading, and resumed it. */
  pauses = 0;
  resumes = 0;
  private paused = false;
  private held: Buffer[] = [];
  private out: Buffer[] = [];
  private outBytes = 0;
  private needDrain = false;
  private readonly handlers: Handlers = { data: [], drain: [], end: [], error: [], close: [] };

  /** `highWaterMark`: buffered bytes at which write() says to wait (node:net's default). */
  constructor(private readonly highWaterMark = 16 * 1024) {}

  write(chunk: Uint8Array): boolean {
    this.out.push(Buffer.from(chunk));
    this.outBytes += chunk.length;
    const room = this.outBytes < this.highWaterMark;
    if (!room) this.needDrain = true;
    return room;
  }

  get writableLength(): number {
    return this.outBytes;
  }

  unwrittenBytes(): number {
    return this.outBytes;
  }

  pause(): void {
    if (!this.paused) this.pauses++;
    this.paused = true;
  }

  resume(): void {
    if (this.paused) this.resumes++;
    this.paused = false;
    // Bounded by what was held: each chunk is delivered once.
    while (!this.paused && this.held.length > 0 && !this.destroyed) this.emit("data", this.held.shift()!);
  }

  /** True while the connection does not read. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Bytes fed while paused, not delivered yet. */
  get heldBytes(): number {
    return this.held.reduce((n, b) => n + b.length, 0);
  }

  end(): void {
    this.ended = true;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    queueMicrotask(() => this.emit("close"));
  }

  on<E extends keyof ByteStreamEvents>(event: E, fn: ByteStreamEvents[E]): void {
    (this.handlers[event] as Array<{ fn: ByteStreamEvents[E]; once: boolean }>).push({ fn, once: false });
  }

  once<E extends keyof ByteStreamEvents>(event: E, fn: ByteStreamEvents[E]): void {
    (this.handlers[event] as Array<{ fn: ByteStreamEvents[E]; once: boolean }>).push({ fn, once: true });
  }

  /** The peer's bytes arrive (held while paused). */
  feed(bytes: Uint8Array): void {
    if (this.destroyed) return;
    const b = Buffer.from(bytes);
    if (this.paused) this.held.push(b);
    else this.emit("data", b);
  }

  /** Everything the connection wrote since the last call; the stream is then empty ("drain" if it was awaited). */
  takeWritten(): Buffer {
    const all = Buffer.concat(this.out);
    this.out = [];
    this.outBytes = 0;
    if (this.needDrain) {
      this.needDrain = false;
      this.emit("drain");
    }
    return all;
  }

  /** The peer closes: "end", then "close". */
  peerCloses(): void {
    if (this.destroyed) return;
    this.emit("end");
    this.destroyed = true;
    this.emit("close");
  }

  /** The stream fails (a reset): "error", then "close". */
  fails(message: string): void {
    if (this.destroyed) return;
    this.emit("error", new Error(message));
    this.destroyed = true;
    this.emit("close");
  }

  private emit<E extends keyof ByteStreamEvents>(event: E, ...args: Parameters<ByteStreamEvents[E]>): void {
    const list = this.handlers[event] as Array<{ fn: (...a: unknown[]) => void; once: boolean }>;
    for (const h of [...list]) {
      if (h.once) list.splice(list.indexOf(h), 1);
      h.fn(...args);
    }
  }
}

/**
 * Moves bytes both ways between two ends until neither writes more (two connections talking in
 * memory); at most `rounds` exchanges. Returns how many it took.
 */
export function exchange(a: MemoryStream, b: MemoryStream, rounds = 100): number {
  for (let i = 1; i <= rounds; i++) {
    const ab = a.takeWritten();
    const ba = b.takeWritten();
    if (ab.length === 0 && ba.length === 0) return i;
    if (ab.length > 0) b.feed(ab);
    if (ba.length > 0) a.feed(ba);
  }
  throw new Error(`the two ends still wrote after ${rounds} exchanges`);
}
