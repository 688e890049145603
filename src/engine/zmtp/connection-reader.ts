/**
 * The reading side of one connection: the peer's bytes through the greeting reader and the
 * frame decoder into commands and whole messages, under back-pressure. Reading stops between
 * messages while the socket's receive queue for this peer is full (`paused`), and while the
 * socket's input budget is spent; a message begun is finished (the maximum message size
 * bounds it). What it finds goes to the socket (the host) or, for the greeting and commands,
 * to the connection that owns it (READY and traffic commands are the connection's business).
 */
import type { Buffer } from "node:buffer";
import type { ByteStream } from "./byte-stream.ts";
import type { ConnectionHost } from "./connection-host.ts";
import type { ConnectionState } from "./connection-end.ts";
import type { ClosePoint } from "./close-reason.ts";
import { type Fault, fault } from "./faults.ts";
import { BROKEN, FrameDecoder, NEED_MORE } from "./frame-decoder.ts";
import { COMMAND, MORE } from "./frame-flags.ts";
import { GreetingReader } from "./greeting.ts";
import { MessageAssembly, takeInPlace } from "./message-assembly.ts";
import { receivesSubscriptions } from "./socket-types.ts";

/** What the reader tells the connection that owns it. */
export interface ReaderOwner {
  readonly state: ConnectionState;
  /** The peer's greeting is complete: it speaks ZMTP 3.`minor`. */
  greeted(minor: number): void;
  /** A command frame: at any frame boundary, even between the frames of a message. */
  onCommand(body: Buffer): void;
  fail(f: Fault): void;
}

/** Reads one connection's input; `C` is the connection, as its host knows it. */
export class ConnectionReader<C> {
  messagesIn = 0;
  bytesIn = 0;
  /** True while reading is stopped because the receive queue is full. */
  paused = false;
  /** Reading stopped by the socket's input budget (input-budget.ts), apart from `paused`. */
  private budgetHeld = false;
  private readonly decoder: FrameDecoder;
  private readonly greeting = new GreetingReader();
  private readonly assembly: MessageAssembly;
  /** Counts messages taken in place before the sink sees them, so that a reader it calls finds them counted here too. */
  private readonly countIn = (messages: number, bytes: number): void => {
    this.messagesIn += messages;
    this.bytesIn += bytes;
  };

  constructor(
    private readonly stream: ByteStream,
    private readonly host: ConnectionHost<C>,
    private readonly conn: C,
    private readonly owner: ReaderOwner,
    maxMessageSize: number,
  ) {
    this.decoder = new FrameDecoder(maxMessageSize, receivesSubscriptions(host.type));
    this.assembly = new MessageAssembly(maxMessageSize);
  }

  /** Bytes from the peer. */
  push(chunk: Buffer): void {
    this.decoder.push(chunk);
    if (this.owner.state === "greeting") this.readGreeting();
    if (this.owner.state !== "greeting" && !this.paused) this.decode();
    this.checkBudget();
  }

  /** Counts subscriptions that an XPUB hands on as messages (1|0 + topic) as received here. */
  countSubscription(topic: Uint8Array): void {
    this.countIn(1, 1 + topic.length);
  }

  /** Stops reading because the receive queue is full. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.stream.pause();
  }

  /** After the receive queue made room and what was held is decoded: reads again unless still held. */
  resumed(): void {
    this.checkBudget();
    if (!this.paused && this.owner.state !== "closed" && !this.budgetHeld) this.stream.resume();
  }

  /** The socket's input budget lets this connection read again. */
  resumeBudget(): void {
    if (!this.budgetHeld) return;
    this.budgetHeld = false;
    if (!this.paused && this.owner.state !== "closed") this.stream.resume();
  }

  /** Where the input stood, for the reason of a close by the peer. */
  closePoint(streamError?: string): ClosePoint {
    const cut = !this.decoder.idle || this.assembly.pending;
    return { state: this.owner.state, greetingBytes: this.greeting.have, cut, streamError };
  }

  /** Decodes what is held; `force` past a full receive queue (the peer is gone: deliver what came). */
  decode(force = false): void {
    const d = this.decoder;
    const a = this.assembly;
    const owner = this.owner;
    while (owner.state === "handshake" || owner.state === "ready") {
      // Only between messages: a message begun is finished (the max message size bounds it).
      if (!force && !a.pending && !d.inFrame && owner.state === "ready" && !this.host.canAccept(this.conn)) {
        this.pause();
        return;
      }
      const sink = this.host.rawSink;
      if (sink !== null && !a.pending && owner.state === "ready" && takeInPlace(d, sink, this.countIn) > 0) continue;
      const r = d.next();
      if (r === NEED_MORE) return;
      if (r === BROKEN) return owner.fail(fault(d.errorCode, d.error));
      const flags = d.flags;
      if ((flags & COMMAND) !== 0) {
        // At any frame boundary, even inside a message (libzmq's PING/PONG): the frames held
        // so far are views that the command does not touch; assembly goes on after it.
        owner.onCommand(d.body);
        continue;
      }
      if (owner.state !== "ready") return owner.fail(fault("ZMTP_BAD_READY", "message frame before READY"));
      const bytes = a.bytes + d.body.length;
      const msg = a.add(d.body, (flags & MORE) !== 0);
      if (msg === null) continue;
      if (!Array.isArray(msg)) return owner.fail(msg);
      this.messagesIn++;
      this.bytesIn += bytes;
      this.host.message(this.conn, msg);
    }
  }

  private readGreeting(): void {
    const g = this.greeting.read((into, at, n) => this.decoder.takeRaw(into, at, n));
    if (g === null) return;
    if ("code" in g) return this.owner.fail(g);
    this.owner.greeted(g.minor);
  }

  /** Tells the socket how much input this connection holds; stops reading when its budget says so. */
  private checkBudget(): void {
    if (this.owner.state === "closed") return;
    // Bytes waiting at a message boundary are not half a message: canAccept holds those back.
    const mid = this.assembly.pending || this.decoder.inFrame;
    if (this.host.inputHeld(this.conn, this.decoder.held + this.assembly.bytes, mid) || this.budgetHeld) return;
    this.budgetHeld = true;
    this.stream.pause();
  }
}
