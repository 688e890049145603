/**
 * Frame encoder with batched writes: frames are copied into one batch buffer and handed to the
 * socket in one write when the batch fills or the caller flushes (once per pump), which is what
 * makes a million small messages a second possible. Large bodies are written without a copy.
 */
import { Buffer } from "node:buffer";
import { COMMAND, LONG, MORE } from "./frame-decoder.ts";

const BATCH_SIZE = 64 * 1024;
/** Bodies at least this big skip the batch copy. */
const DIRECT_SIZE = 16 * 1024;
const SMALL_FLUSH = 2048;

/** Where encoded bytes go (a net.Socket, or a test's collector). */
export interface ByteSink {
  write(chunk: Uint8Array): boolean;
}

/** Encodes frames into batches for one connection. */
export class FrameWriter {
  private batch: Buffer = Buffer.allocUnsafe(BATCH_SIZE);
  private used = 0;

  constructor(private readonly sink: ByteSink) {}

  /** Bytes waiting in the batch. */
  get pending(): number {
    return this.used;
  }

  /** Appends raw bytes (the greeting). */
  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    if (bytes.length > this.batch.length - this.used) {
      this.flush();
      this.writeOut(bytes);
      return;
    }
    this.batch.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Appends a command frame. */
  command(body: Uint8Array): void {
    this.frame(COMMAND, body);
  }

  /** Appends every frame of a message, MORE set on all but the last. Returns the body bytes. */
  message(frames: readonly Uint8Array[]): number {
    let bytes = 0;
    const last = frames.length - 1;
    for (let i = 0; i <= last; i++) {
      const f = frames[i];
      bytes += f.length;
      this.frame(i < last ? MORE : 0, f);
    }
    return bytes;
  }

  /** Appends one frame, short or long form as libzmq chooses (long only above 255 bytes). */
  frame(flags: number, body: Uint8Array): void {
    const size = body.length;
    const long = size > 255;
    const head = long ? 9 : 2;
    if (size >= DIRECT_SIZE) {
      this.reserve(head);
      this.putHeader(flags, size, long);
      this.flush();
      this.writeOut(body);
      return;
    }
    this.reserve(head + size);
    this.putHeader(flags, size, long);
    this.batch.set(body, this.used);
    this.used += size;
  }

  /** Hands the batch to the sink. */
  flush(): void {
    if (this.used === 0) return;
    let out: Buffer;
    if (this.used <= SMALL_FLUSH) {
      // A small batch is copied (from Node's pool) so that the big buffer can be reused.
      out = Buffer.from(this.batch.subarray(0, this.used));
    } else {
      // The sink may keep the buffer until written, so a fresh one is needed for the next batch.
      out = this.batch.subarray(0, this.used);
      this.batch = Buffer.allocUnsafe(BATCH_SIZE);
    }
    this.used = 0;
    this.writeOut(out);
  }

  private putHeader(flags: number, size: number, long: boolean): void {
    const b = this.batch;
    if (long) {
      b[this.used] = flags | LONG;
      b.writeUInt32BE(Math.floor(size / 0x100000000), this.used + 1);
      b.writeUInt32BE(size >>> 0, this.used + 5);
      this.used += 9;
    } else {
      b[this.used] = flags;
      b[this.used + 1] = size;
      this.used += 2;
    }
  }

  private reserve(n: number): void {
    if (this.used + n > this.batch.length) this.flush();
  }

  private writeOut(bytes: Uint8Array): void {
    // The connection watches the stream's buffered length itself (see Connection.pump).
    this.sink.write(bytes);
  }
}
