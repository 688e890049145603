/**
 * What every zmtp socket type shares, on top of its peers (socket-peers.ts): the receive side
 * (receive-side.ts: the queue with per-peer high-water marks, fair-queued over the peers in
 * turn, reading paused per connection when its share is full; one pending receive; cancel-safe
 * receive and receiveBatch), the send side (send-side.ts: one pending send, a second refused
 * with EBUSY, as in zeromq.js), forward() and consume(), close, counters and events. Socket
 * types override the hooks at the bottom.
 */
import type { Buffer } from "node:buffer";
import { canReceive, canSend } from "../socket-directions.ts";
import { busyError, closedError, unsupportedError, ZmqError } from "../errors.ts";
import type {
  Consuming,
  Forwarding,
  FrameInput,
  MessageSink,
  ReceiveOptions,
  SocketCounters,
  SocketEvent,
  SocketType,
  ZSocket,
} from "../types.ts";
import type { RawSink } from "./connection-host.ts";
import { Forward, type ForwardSource, type ForwardTarget } from "./forward.ts";
import { Consume } from "./consume.ts";
import type { ResolvedOptions } from "./options.ts";
import { nextWithRoom, type Pipe } from "./pipe.ts";
import { ReceiveSide } from "./receive-side.ts";
import { SendSide } from "./send-side.ts";
import { SocketPeers } from "./socket-peers.ts";
import { toFrames } from "./frames.ts";

/** Base of the zmtp socket types. */
export abstract class SocketBase extends SocketPeers implements ZSocket, ForwardSource {
  readonly engine = "zmtp" as const;
  private readonly receiver: ReceiveSide;
  private readonly sender: SendSide;
  private rr = 0;
  /** True for types whose forward() may take messages raw (their only say is admitsRaw). */
  protected readonly takesRaw: boolean = false;
  /** The forward() in progress: received messages go there instead of the receive queue. */
  private fwd: Forward | Consume | null = null;

  constructor(type: SocketType, options: ResolvedOptions) {
    super(type, options);
    this.receiver = new ReceiveSide(
      this.budget,
      options.receiveHighWaterMark,
      options.receiveTimeout,
      (pipe, frames) => this.accept(pipe, frames),
      (msg) => this.stats.delivered(msg),
    );
    this.sender = new SendSide(options.sendTimeout, (frames) => this.trySend(frames), (f) => this.stats.sent(f));
  }

  send(message: FrameInput | FrameInput[]): Promise<void> {
    let frames: Buffer[];
    try {
      frames = this.sendable(message);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.sender.send(frames);
  }

  sendNow(message: FrameInput | FrameInput[]): boolean {
    return this.sender.sendNow(this.sendable(message));
  }

  receive(options: ReceiveOptions = {}): Promise<Buffer[]> {
    return this.receiver.receive(options.signal, this.receiveRefusal());
  }

  receiveBatch(max: number, options: ReceiveOptions = {}): Promise<Buffer[][]> {
    return this.receiver.receiveBatch(max, options.signal, this.receiveRefusal());
  }

  forward(to: ZSocket): Forwarding {
    this.assertOpen();
    const refused = this.checkReceive();
    if (refused) throw refused;
    if (!(to instanceof SocketBase) || (to.type !== "pub" && to.type !== "xpub") || to === this) {
      throw new ZmqError(
        "EINVAL",
        `forward() sends on a zmtp pub or xpub socket, not on ${
          to === this ? "itself" : `a ${to.engine} ${to.type} socket`
        }`,
      );
    }
    if (to.closed) throw new ZmqError("EBADF", "the socket to forward to is closed");
    if (this.fwd !== null) throw new ZmqError("EBUSY", "this socket already forwards");
    if (this.receiver.busy) throw new ZmqError("EBUSY", "a receive is pending on this socket");
    const f = new Forward(this, to as unknown as ForwardTarget);
    // What was queued before goes first, so that order per peer holds.
    for (let m = this.receiver.takeQueued(); m !== undefined; m = this.receiver.takeQueued()) f.frames(m);
    this.fwd = f;
    return f;
  }

  consume(sink: MessageSink): Consuming {
    this.assertOpen();
    const refused = this.checkReceive();
    if (refused) throw refused;
    if (this.fwd !== null) throw new ZmqError("EBUSY", "this socket already forwards or consumes");
    if (this.receiver.busy) throw new ZmqError("EBUSY", "a receive is pending on this socket");
    const c = new Consume(this, sink);
    for (let m = this.receiver.takeQueued(); m !== undefined; m = this.receiver.takeQueued()) c.frames(m);
    this.fwd = c;
    return c;
  }

  consumeEnded(c: Consume): void {
    if (this.fwd === c) this.fwd = null;
  }

  subscribe(_topic?: FrameInput): void {
    throw unsupportedError(this.type, "subscribe");
  }

  unsubscribe(_topic?: FrameInput): void {
    throw unsupportedError(this.type, "unsubscribe");
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.fwd = null;
    this.receiver.close();
    this.sender.close();
    this.closePeers();
    this.stats.closeEvents();
  }

  counters(): SocketCounters {
    return this.stats.snapshot(this.pipes.filter((p) => p.live).length);
  }

  onEvent(listener: (event: SocketEvent) => void): () => void {
    return this.stats.onEvent(listener);
  }

  // ---- ForwardSource, and the raw input of a forward ----

  get rawSink(): RawSink | null {
    return this.takesRaw ? this.fwd : null;
  }

  admitsRaw(_chunk: Buffer, _at: number, _len: number): boolean {
    return true;
  }

  admitsAll(): boolean {
    return true;
  }

  countRaw(bytes: number, count = 1): void {
    this.stats.deliveredRaw(bytes, count);
  }

  forwardEnded(f: Forward): void {
    if (this.fwd === f) this.fwd = null;
  }

  // ---- for socket types ----

  /** Queues a received message for receive(), or hands it to forward() while that runs. */
  protected enqueue(pipe: Pipe, frames: Buffer[]): void {
    const fwd = this.fwd;
    if (fwd === null) return this.receiver.push(pipe, frames);
    const out = this.accept(pipe, frames);
    if (out === null) return;
    this.stats.delivered(out);
    fwd.frames(out);
  }

  /** A pipe got room, or a new one came: a waiting send may go now. */
  protected override roomMade(): void {
    this.sender.retry();
  }

  /** Queues on the next pipe with room, round-robin; the pipe used, or null when all are full. */
  protected roundRobin(frames: Buffer[]): Pipe | null {
    const i = nextWithRoom(this.pipes, this.rr);
    if (i < 0) return null;
    this.rr = i + 1;
    this.pipes[i].enqueue(frames);
    return this.pipes[i];
  }

  /** Counts a message dropped at a pipe's high-water mark. */
  protected drop(pipe: Pipe): void {
    this.stats.dropped(pipe);
  }

  /** The frames of a message send() may take now; throws why not (EBADF, EBUSY, EINVAL, ENOTSUP, EFSM). */
  private sendable(message: FrameInput | FrameInput[]): Buffer[] {
    if (this.closed) throw closedError();
    if (this.sender.busy) throw busyError("send");
    const frames = toFrames(message);
    const refused = this.checkSend(frames);
    if (refused) throw refused;
    return frames;
  }

  private receiveRefusal(): ZmqError | undefined {
    if (this.closed) return closedError();
    if (this.fwd !== null) {
      return new ZmqError(
        "EBUSY",
        "Socket is forwarding or consuming (forward(), consume()); stop it before receiving",
      );
    }
    return this.checkReceive();
  }

  // ---- hooks ----

  /** Sends or drops the message now (true), or reports that the caller must wait for room (false). */
  protected abstract trySend(frames: Buffer[]): boolean;
  /** A reason to refuse send() at once (ENOTSUP, EFSM), if any. */
  protected checkSend(_frames: Buffer[]): ZmqError | undefined {
    return canSend(this.type) ? undefined : unsupportedError(this.type, "send");
  }
  /** A reason to refuse receive() at once (ENOTSUP, EFSM), if any. */
  protected checkReceive(): ZmqError | undefined {
    return canReceive(this.type) ? undefined : unsupportedError(this.type, "receive");
  }
  /** A message arrived from a peer; by default it is queued for receive(). */
  protected onMessage(pipe: Pipe, frames: Buffer[]): void {
    this.enqueue(pipe, frames);
  }
  /** Turns a queued message into what receive() returns; null drops it. */
  protected accept(_pipe: Pipe, frames: Buffer[]): Buffer[] | null {
    return frames;
  }
}
