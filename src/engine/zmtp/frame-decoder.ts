/**
 * Incremental ZMTP frame decoder. Frames that lie inside one received chunk are returned as
 * views into it (no copy); only a frame split across chunks is copied, into a buffer of exactly
 * its declared size, and only after that size was checked against the maximum message size.
 * Commands may come between the frames of a message (libzmq's PING/PONG): frames come out one
 * by one (assembly is the caller's), and a scan ends its run before such a message.
 */
import { Buffer, constants } from "node:buffer";
import type { FaultCode } from "./faults.ts";
import { COMMAND, illegalFlags, LONG } from "./frame-flags.ts";
import { scanMessages, type ScannedMessages } from "./frame-scan.ts";
import { quirkHeader, quirkSizeSoFar } from "./subscribe-quirk.ts";

/** What `next()` found: need more bytes, a frame (in `flags`/`body`), or a broken stream (`error`). */
export type Decoded = 0 | 1 | -1;
/** `next()` needs more bytes. */
export const NEED_MORE = 0;
/** `next()` decoded a frame. */
export const FRAME = 1;
/** `next()` found the stream broken. */
export const BROKEN = -1;

const EMPTY = Buffer.alloc(0);
/** No frame may declare more than this, whatever maxMessageSize says (a buffer this big cannot exist everywhere). */
const HARD_LIMIT = BigInt(Math.min(constants.MAX_LENGTH, 2 ** 32));

/** Turns a byte stream, pushed in chunks of any size, into frames. */
export class FrameDecoder implements ScannedMessages {
  /** Flags of the last frame (MORE and COMMAND; the LONG bit is taken off). */
  flags = 0;
  /** Body of the last frame (a view; valid until the chunk is dropped by the caller). */
  body: Buffer = EMPTY;
  /** Why the stream was refused, and its stable code. */
  error = "";
  errorCode: FaultCode = "ZMTP_BAD_FLAGS";
  /** Bytes queued and not yet decoded. */
  buffered = 0;
  /**
   * The message scanMessage() took last, as a place in `msgChunk` (no Buffer made): its whole
   * encoding (frame headers included) is [msgStart, msgEnd), its first frame's body is
   * [topicAt, topicAt + topicLen), and its frame bodies add up to msgBytes.
   */
  msgChunk: Buffer = EMPTY;
  msgStart = 0;
  msgEnd = 0;
  topicAt = 0;
  topicLen = 0;
  msgBytes = 0;
  /** How many messages scanRun() took last (they lie back to back in [msgStart, msgEnd)). */
  runCount = 0;

  private readonly chunks: Buffer[] = [];
  private chunk: Buffer = EMPTY;
  private pos = 0;
  // A frame split across chunks: its header bytes so far, then its body being filled.
  private readonly head = Buffer.alloc(9);
  private headHave = 0;
  // Parts are views into the chunks that carried them: memory grows only with bytes received.
  private partial: Buffer[] | null = null;
  private partialHave = 0;
  private partialSize = 0;
  private partialFlags = 0;

  /**
   * `maxSize`: largest frame body accepted, -1 for no limit. `subscribeQuirk` (for sockets that
   * receive subscriptions): read libzmq 4.3.4's long SUBSCRIBE without LONG (subscribe-quirk.ts).
   */
  constructor(private readonly maxSize = -1, private readonly subscribeQuirk = false) {}

  /** True when no bytes are pending (nothing decoded half-way or waiting). */
  get idle(): boolean {
    return this.buffered === 0 && this.headHave === 0 && this.partial === null;
  }

  /** Bytes received and held here: not decoded yet, or in a frame decoded half-way. */
  get held(): number {
    return this.buffered + (this.partial === null ? 0 : this.partialHave);
  }

  /** True while a frame is decoded half-way (its header or body awaits more bytes). */
  get inFrame(): boolean {
    return this.headHave !== 0 || this.partial !== null;
  }

  /** Queues received bytes. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.buffered += chunk.length;
    if (this.pos >= this.chunk.length && this.chunks.length === 0) {
      this.chunk = chunk;
      this.pos = 0;
    } else {
      this.chunks.push(chunk);
    }
  }

  /** Takes up to `n` raw bytes (for the greeting), copying them into `into` at `at`. Returns the count. */
  takeRaw(into: Uint8Array, at: number, n: number): number {
    let done = 0;
    while (done < n && this.advance()) {
      const k = Math.min(n - done, this.chunk.length - this.pos);
      into.set(this.chunk.subarray(this.pos, this.pos + k), at + done);
      this.pos += k;
      this.buffered -= k;
      done += k;
    }
    return done;
  }

  /** Decodes the next frame. */
  next(): Decoded {
    if (this.partial !== null) return this.fillPartial();
    if (this.headHave === 0 && this.advance()) {
      // Fast path: a whole short frame inside the current chunk.
      const c = this.chunk;
      const p = this.pos;
      if (p + 2 <= c.length) {
        const flags = c[p];
        if ((flags & LONG) === 0) {
          const size = c[1 + p];
          if (p + 2 + size <= c.length && (size !== 0 || flags !== COMMAND || !this.subscribeQuirk)) {
            if (!this.legal(flags, size)) return BROKEN;
            this.flags = flags;
            this.body = c.subarray(p + 2, p + 2 + size);
            this.pos = p + 2 + size;
            this.buffered -= 2 + size;
            return FRAME;
          }
        }
      }
    }
    return this.slowPath();
  }

  /**
   * The forwarding fast path: when a whole message of plain, legal data frames lies in the
   * current chunk at the read position, takes it without making a Buffer (see msgStart and the
   * fields after it) and returns FRAME. Anything else returns NEED_MORE and consumes nothing,
   * for next() to decode frame by frame with its checks and errors: a message that goes on in a
   * later chunk, a command, illegal flags, a size over the maximum, or a frame half-decoded.
   */
  scanMessage(): Decoded {
    return this.scan(1);
  }

  /**
   * scanMessage() for as many whole messages as follow each other in the current chunk: their
   * bytes are [msgStart, msgEnd), runCount of them with msgBytes of bodies in all. For a
   * forward where every message goes everywhere (no topic to look at). NEED_MORE when not even
   * one was whole here.
   */
  scanRun(): Decoded {
    return this.scan(Infinity);
  }

  /** Takes up to `most` whole messages lying back to back in the current chunk (frame-scan.ts). */
  private scan(most: number): Decoded {
    if (this.partial !== null || this.headHave !== 0 || !this.advance()) return NEED_MORE;
    const start = this.pos;
    if (!scanMessages(this.chunk, start, this.maxSize, most, this)) return NEED_MORE;
    this.buffered -= this.msgEnd - start;
    this.pos = this.msgEnd;
    return FRAME;
  }

  private slowPath(): Decoded {
    // Gather the header byte by byte (it may be split anywhere).
    while (true) {
      const need = this.headHave === 0 ? 1 : (this.head[0] & LONG) !== 0 || this.quirkHeader() ? 9 : 2;
      if (this.headHave >= need) break;
      if (!this.advance()) return NEED_MORE;
      const k = Math.min(need - this.headHave, this.chunk.length - this.pos);
      this.head.set(this.chunk.subarray(this.pos, this.pos + k), this.headHave);
      this.pos += k;
      this.buffered -= k;
      this.headHave += k;
      if (this.headHave === 1 && illegalFlags(this.head[0])) {
        return this.broken("ZMTP_BAD_FLAGS", `illegal frame flags 0x${this.head[0].toString(16).padStart(2, "0")}`);
      }
      if (this.quirkHeader() && !quirkSizeSoFar(this.head, this.headHave)) {
        return this.broken("ZMTP_BAD_COMMAND", "empty command frame");
      }
    }
    const flags = this.head[0];
    const long = (flags & LONG) !== 0 || this.quirkHeader();
    const big = long ? this.head.readBigUInt64BE(1) : BigInt(this.head[1]);
    if (big > HARD_LIMIT) return this.broken("ZMTP_FRAME_TOO_LARGE", `frame size ${big} is too large`);
    const size = Number(big);
    if (!this.legal(flags, size)) return BROKEN;
    this.headHave = 0;
    this.advance();
    const avail = this.chunk.length - this.pos;
    if (avail >= size) {
      this.flags = flags & ~LONG;
      this.body = this.chunk.subarray(this.pos, this.pos + size);
      this.pos += size;
      this.buffered -= size;
      return FRAME;
    }
    this.partial = [];
    this.partialHave = 0;
    this.partialSize = size;
    this.partialFlags = flags & ~LONG;
    return this.fillPartial();
  }

  private fillPartial(): Decoded {
    const parts = this.partial!;
    while (this.partialHave < this.partialSize) {
      if (!this.advance()) return NEED_MORE;
      const k = Math.min(this.partialSize - this.partialHave, this.chunk.length - this.pos);
      parts.push(this.chunk.subarray(this.pos, this.pos + k));
      this.pos += k;
      this.buffered -= k;
      this.partialHave += k;
    }
    this.partial = null;
    this.flags = this.partialFlags;
    this.body = parts.length === 1 ? parts[0] : Buffer.concat(parts, this.partialSize);
    return FRAME;
  }

  /** Checks a header; false (with the fault in error/errorCode) when the stream must be refused. */
  private legal(flags: number, size: number): boolean {
    if (illegalFlags(flags)) {
      this.broken("ZMTP_BAD_FLAGS", `illegal frame flags 0x${flags.toString(16).padStart(2, "0")}`);
    } else if (this.maxSize >= 0 && size > this.maxSize) {
      this.broken("ZMTP_FRAME_TOO_LARGE", `frame of ${size} bytes exceeds the maximum message size ${this.maxSize}`);
    } else return true;
    return false;
  }

  private broken(code: FaultCode, reason: string): Decoded {
    this.errorCode = code;
    this.error = reason;
    return BROKEN;
  }

  /** The header so far starts like libzmq 4.3.4's long SUBSCRIBE without LONG. */
  private quirkHeader(): boolean {
    return this.subscribeQuirk && quirkHeader(this.head, this.headHave);
  }

  /** Makes `chunk`/`pos` point at unread bytes; false when none are left. */
  private advance(): boolean {
    while (this.pos >= this.chunk.length) {
      const c = this.chunks.shift();
      if (c === undefined) {
        this.chunk = EMPTY;
        this.pos = 0;
        return false;
      }
      this.chunk = c;
      this.pos = 0;
    }
    return true;
  }
}
