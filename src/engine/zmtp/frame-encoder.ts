/**
 * Frame encoder with batched writes: frames are copied into one batch buffer and handed to the
 * socket in one write when the batch fills or the caller flushes (once per pump), which is what
 * makes a million small messages a second possible. Large bodies are written without a copy.
 *
 * Messages forwarded already encoded (forward()) are not copied one by one: consecutive ones
 * that lie next to each other in memory (a run of messages from one received chunk) are kept
 * as one range, and the range is copied, or written as it is when large, only when something
 * else is appended or at the flush: no view, set and garbage per message on the forwarding
 * path (bench/bus.bench.ts measures it).
 */
import { Buffer } from "node:buffer";
import { copyBytes } from "../../runtime/copy-bytes.ts";
import { COMMAND, LONG, MORE } from "./frame-flags.ts";
import { Ring } from "./ring.ts";

const BATCH_SIZE = 64 * 1024;
/** Bodies (and ranges of encoded messages) at least this big skip the batch copy. */
const DIRECT_SIZE = 16 * 1024;
const SMALL_FLUSH = 2048;

/** Where encoded bytes go (a connection's ByteStream, or a test's collector). */
export interface ByteSink {
  write(chunk: Uint8Array): boolean;
}

/** Encodes frames into batches for one connection. */
export class FrameWriter {
  private batch: Buffer = Buffer.allocUnsafe(BATCH_SIZE);
  private used = 0;
  /** Encoded messages not yet copied: bytes [rangeStart, rangeEnd) of rangeMemory (null: none). */
  private rangeMemory: ArrayBufferLike | null = null;
  private rangeStart = 0;
  private rangeEnd = 0;

  /** Bytes handed to the sink so far. */
  private handed = 0;
  /**
   * Where each message ends, for messages the sink may not have written yet: pairs of
   * (offset just past the message's last byte, messages ending there), flattened. Kept only for
   * sinks that tell their unwritten length, so that a lingering close can count what it discards.
   */
  private readonly ends: Ring<number> | null;
  private endsCount = 0;

  /** `unwritten`: bytes the sink holds that the operating system has not taken; without it nothing is tracked. */
  constructor(private readonly sink: ByteSink, private readonly unwritten?: () => number) {
    this.ends = unwritten ? new Ring<number>() : null;
  }

  /**
   * Messages not wholly written to the operating system yet: waiting in the batch, or with bytes
   * the sink still holds (as exact as `unwritten`). Counts every message appended with
   * message(), encodedMessage() or encoded(); 0 without `unwritten`.
   */
  unsentMessages(): number {
    const ends = this.ends;
    if (ends === null) return 0;
    const written = this.handed - this.unwritten!();
    while (ends.length > 0 && ends.peek()! <= written) {
      ends.shift();
      this.endsCount -= ends.shift()!;
    }
    return this.endsCount;
  }

  private ended(messages: number): void {
    if (this.ends === null) return;
    this.ends.push(this.handed + this.pending);
    this.ends.push(messages);
    this.endsCount += messages;
    // Forget what is surely written, so that the ledger stays as small as the sink's backlog.
    if (this.ends.length > 256) this.unsentMessages();
  }

  /** Bytes waiting in the batch (and in the range of encoded messages). */
  get pending(): number {
    return this.used + (this.rangeEnd - this.rangeStart);
  }

  /** Appends raw bytes (the greeting). */
  raw(bytes: Uint8Array): void {
    this.settle();
    this.reserve(bytes.length);
    if (bytes.length > this.batch.length - this.used) {
      this.flush();
      this.writeOut(bytes);
      return;
    }
    this.batch.set(bytes, this.used);
    this.used += bytes.length;
  }

  /**
   * Appends bytes already encoded as frames, `src[start, end)` (a message forwarded as it came,
   * see FrameDecoder.scanMessage). `src` must not change until flushed (received chunks never do).
   */
  encoded(src: Buffer, start: number, end: number, messages = 1): void {
    const from = src.byteOffset + start;
    if (this.rangeMemory === src.buffer && this.rangeEnd === from) {
      this.rangeEnd = from + (end - start);
      this.ended(messages);
      return;
    }
    this.settle();
    this.rangeMemory = src.buffer;
    this.rangeStart = from;
    this.rangeEnd = from + (end - start);
    this.ended(messages);
  }

  /** Appends one whole message already encoded as frames; returns its body bytes (as message() does). */
  encodedMessage(encoded: Buffer): number {
    this.encoded(encoded, 0, encoded.length);
    return bodyBytes(encoded, 0, encoded.length);
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
    this.ended(1);
    return bytes;
  }

  /** Appends one frame, short or long form as libzmq chooses (long only above 255 bytes). */
  frame(flags: number, body: Uint8Array): void {
    if (this.rangeMemory !== null) this.settle();
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
    if (this.rangeMemory !== null) this.settle();
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

  /** Moves the range of encoded messages into the output: copied into the batch, or written as it is when large. */
  private settle(): void {
    const memory = this.rangeMemory;
    if (memory === null) return;
    const start = this.rangeStart;
    const n = this.rangeEnd - start;
    this.rangeMemory = null;
    this.rangeStart = this.rangeEnd = 0;
    if (n >= DIRECT_SIZE) {
      this.flush();
      this.writeOut(Buffer.from(memory, start, n));
      return;
    }
    this.reserve(n);
    copyBytes(Buffer.from(memory, start, n), 0, n, this.batch, this.used);
    this.used += n;
  }

  private reserve(n: number): void {
    if (this.used + n > this.batch.length) this.flush();
  }

  private writeOut(bytes: Uint8Array): void {
    this.handed += bytes.length;
    // The connection watches the stream's buffered length itself (see Connection.pump).
    this.sink.write(bytes);
  }
}

/** The body bytes of the frames encoded in `buf[start, end)` (headers not counted). */
export function bodyBytes(buf: Buffer, start: number, end: number): number {
  let bytes = 0;
  for (let p = start; p < end;) {
    const long = (buf[p] & LONG) !== 0;
    const size = long ? buf.readUInt32BE(p + 5) : buf[p + 1];
    bytes += size;
    p += (long ? 9 : 2) + size;
  }
  return bytes;
}
