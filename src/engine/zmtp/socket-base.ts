/**
 * What every zmtp socket type shares: endpoints, pipes, the receive side (receive-side.ts: the
 * queue with per-peer high-water marks, fair-queued over the peers in turn, reading paused per
 * connection when its share is full; one pending receive; cancel-safe receive and
 * receiveBatch), a bound on received bytes across connections (input-budget.ts), one pending
 * send (a second is refused with EBUSY, as in zeromq.js), timeouts, close with a bounded
 * linger, counters and events. Socket types override the hooks at the bottom.
 */
import { Buffer } from "node:buffer";
import type net from "node:net";
import { parseEndpoint } from "../endpoint.ts";
import { canReceive, canSend } from "../socket-directions.ts";
import { busyError, closedError, unsupportedError, ZmqError } from "../errors.ts";
import type {
  Consuming,
  Forwarding,
  FrameInput,
  LingerOutcome,
  MessageSink,
  ReceiveOptions,
  SocketCounters,
  SocketEvent,
  SocketType,
  ZSocket,
} from "../types.ts";
import { Connection } from "./connection.ts";
import type { ConnectionHost, RawSink } from "./connection-host.ts";
import type { ConnectionEnd, PeerInfo } from "./connection-end.ts";
import { isRefusal } from "./faults.ts";
import { refusalKey } from "./peer-refusals.ts";
import { Forward, type ForwardSource, type ForwardTarget } from "./forward.ts";
import { Consume } from "./consume.ts";
import { Connector } from "./connector.ts";
import { type Linger, startLinger } from "./linger.ts";
import { budgetFor, InputBudget } from "./input-budget.ts";
import type { ResolvedOptions } from "./options.ts";
import { nextWithRoom, Pipe } from "./pipe.ts";
import { ReceiveSide } from "./receive-side.ts";
import { toFrames } from "./frames.ts";
import { SocketStats } from "./socket-stats.ts";
import { WaitSlot } from "./wait-slot.ts";
import { describePeer, listen, type Listener } from "./transport.ts";
import type { ByteStream } from "./byte-stream.ts";
import { netStream } from "./net-stream.ts";
import type { Timers } from "./timers.ts";

const RESOLVED = Promise.resolve();

/** Base of the zmtp socket types. */
export abstract class SocketBase implements ZSocket, ConnectionHost<Connection>, ForwardSource {
  readonly engine = "zmtp" as const;
  closed = false;
  /** Attached pipes, in round-robin order. */
  protected readonly pipes: Pipe[] = [];
  protected readonly stats = new SocketStats();
  private readonly receiver: ReceiveSide;
  /** Bounds the received bytes held across every connection and the receive queue. */
  private readonly budget: InputBudget;
  private readonly sendSlot = new WaitSlot<void>("send");
  private pendingSend: Buffer[] | null = null;
  private rr = 0;
  private readonly listeners: Listener[] = [];
  private readonly connectors = new Map<Connector, Pipe>();
  private readonly connections = new Set<Connection>();
  private readonly connectorOf = new Map<Connection, Connector>();
  private linger: Linger | null = null;
  /** True for types that drop rather than wait at the high-water mark (their pipes write eagerly). */
  protected readonly dropsAtHwm: boolean = false;
  /** True for types whose forward() may take messages raw (their only say is admitsRaw). */
  protected readonly takesRaw: boolean = false;
  /** The forward() in progress: received messages go there instead of the receive queue. */
  private fwd: Forward | Consume | null = null;

  constructor(readonly type: SocketType, readonly options: ResolvedOptions) {
    this.budget = new InputBudget(budgetFor(options.maxMessageSize));
    this.receiver = new ReceiveSide(
      this.budget,
      options.receiveHighWaterMark,
      options.receiveTimeout,
      (pipe, frames) => this.accept(pipe, frames),
      (msg) => this.stats.delivered(msg),
    );
  }

  get routingId(): Buffer {
    return this.options.routingId;
  }

  async bind(endpoint: string): Promise<string> {
    this.assertOpen();
    const ep = parseEndpoint(endpoint, { forBind: true });
    const l = await listen(ep, (s) => this.adopt(netStream(s), describePeer(s, ep), null));
    if (this.closed) {
      l.close();
      throw new ZmqError("EBADF", "socket closed while binding");
    }
    this.listeners.push(l);
    return l.endpoint;
  }

  async connect(endpoint: string): Promise<void> {
    this.assertOpen();
    const ep = parseEndpoint(endpoint);
    const pipe = new Pipe(this.options.sendHighWaterMark, true, this.dropsAtHwm);
    const c: Connector = new Connector(ep, this.options, (s: net.Socket) => this.adopt(netStream(s), ep.text, c));
    this.connectors.set(c, pipe);
    this.attach(pipe);
    c.start();
  }

  send(message: FrameInput | FrameInput[]): Promise<void> {
    let frames: Buffer[];
    try {
      frames = this.sendable(message);
    } catch (e) {
      return Promise.reject(e);
    }
    if (this.trySend(frames)) {
      this.stats.sent(frames);
      return RESOLVED;
    }
    if (this.options.sendTimeout === 0) {
      return Promise.reject(new ZmqError("EAGAIN", "no peer has room for the message (send would block)"));
    }
    this.pendingSend = frames;
    return this.sendSlot.wait(this.options.sendTimeout, undefined, () => {
      this.pendingSend = null;
    });
  }

  sendNow(message: FrameInput | FrameInput[]): boolean {
    const frames = this.sendable(message);
    if (!this.trySend(frames)) return false;
    this.stats.sent(frames);
    return true;
  }

  receive(options: ReceiveOptions = {}): Promise<Buffer[]> {
    return this.receiver.receive(options.signal, this.receiveRefusal());
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

  receiveBatch(max: number, options: ReceiveOptions = {}): Promise<Buffer[][]> {
    return this.receiver.receiveBatch(max, options.signal, this.receiveRefusal());
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
    this.sendSlot.reject(closedError());
    this.pendingSend = null;
    for (const l of this.listeners) l.close();
    this.linger = startLinger(this.options.linger, this.connectors, this.connections, this.connectorOf);
    for (const p of [...this.pipes]) this.detach(p);
    this.stats.closeEvents();
  }

  counters(): SocketCounters {
    return this.stats.snapshot(this.pipes.filter((p) => p.live).length);
  }

  lingered(): Promise<LingerOutcome> {
    if (this.linger === null) return Promise.reject(new ZmqError("EINVAL", "lingered() is known only after close()"));
    return this.linger.done;
  }

  onEvent(listener: (event: SocketEvent) => void): () => void {
    return this.stats.onEvent(listener);
  }

  // ---- ConnectionHost and ForwardSource ----

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

  ready(conn: Connection, peer: PeerInfo): Pipe | string {
    const connector = this.connectorOf.get(conn);
    const lingering = this.closed && connector !== undefined && this.linger !== null && this.linger.has(connector);
    if (this.closed && !lingering) return "socket closed";
    let pipe = connector ? this.connectors.get(connector)! : null;
    const refused = this.admit(peer, pipe);
    if (refused) return refused;
    if (pipe === null) pipe = new Pipe(this.options.sendHighWaterMark, false, this.dropsAtHwm);
    pipe.conn = conn;
    connector?.succeeded();
    if (lingering) {
      const linger = this.linger!;
      queueMicrotask(() => linger.handOver(connector!, conn));
      return pipe;
    }
    if (!pipe.persistent) this.attach(pipe);
    this.stats.connected(conn, refusalKey(conn.remote, connector !== undefined));
    this.onConnected(pipe, peer);
    return pipe;
  }

  message(conn: Connection, frames: Buffer[]): void {
    const pipe = conn.pipe;
    if (pipe === null || this.closed) return;
    this.onMessage(pipe, frames);
  }

  subscription(conn: Connection, subscribe: boolean, topic: Buffer): void {
    if (conn.pipe && !this.closed) this.onSubscription(conn.pipe, subscribe, topic);
  }

  canAccept(conn: Connection): boolean {
    if (this.budget.over) {
      this.budget.wait(conn);
      return false;
    }
    const hwm = this.options.receiveHighWaterMark;
    return hwm <= 0 || conn.pipe === null || conn.pipe.inbox.length < hwm;
  }

  inputHeld(conn: Connection, bytes: number, midMessage: boolean): boolean {
    return this.budget.input(conn, bytes, midMessage);
  }

  drained(_conn: Connection): void {
    if (this.pendingSend !== null) this.retrySend();
  }

  ended(conn: Connection, end: ConnectionEnd): void {
    this.connections.delete(conn);
    this.budget.forget(conn);
    const connector = this.connectorOf.get(conn);
    this.connectorOf.delete(conn);
    const pipe = conn.pipe;
    this.stats.ended(conn, end, this.closed, refusalKey(conn.remote, connector !== undefined));
    if (pipe !== null && pipe.conn === conn) {
      pipe.conn = null;
      this.onDisconnected(pipe);
      if (!pipe.persistent) this.detach(pipe);
    }
    if (connector && (!this.closed || this.linger?.has(connector))) connector.retry(isRefusal(end.code));
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
  protected retrySend(): void {
    const frames = this.pendingSend;
    if (frames === null || !this.trySend(frames)) return;
    this.pendingSend = null;
    this.stats.sent(frames);
    this.sendSlot.resolve(undefined);
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

  /**
   * Runs a connection over `s`, a stream accepted or dialled (`connector`) for this socket, or
   * an in-memory one in tests (with their clock, `timers`); `peer` names the other end.
   */
  adopt(s: ByteStream, peer: string, connector: Connector | null = null, timers?: Timers): void {
    if (this.closed && !(connector && this.linger?.has(connector))) return void s.destroy();
    const conn = new Connection(
      s,
      this,
      {
        maxMessageSize: this.options.maxMessageSize,
        handshakeTimeout: this.options.handshakeTimeout,
        heartbeat: {
          interval: this.options.heartbeatInterval,
          timeout: this.options.heartbeatTimeout,
          ttl: this.options.heartbeatTimeToLive,
        },
      },
      peer,
      timers,
    );
    this.connections.add(conn);
    if (connector) this.connectorOf.set(conn, connector);
  }

  private attach(pipe: Pipe): void {
    this.pipes.push(pipe);
    this.onAttached(pipe);
    if (this.pendingSend !== null) this.retrySend();
  }

  private detach(pipe: Pipe): void {
    const i = this.pipes.indexOf(pipe);
    if (i >= 0) this.pipes.splice(i, 1);
    pipe.detached = true;
    this.onDetached(pipe);
  }

  /** The frames of a message send() may take now; throws why not (EBADF, EBUSY, EINVAL, ENOTSUP, EFSM). */
  private sendable(message: FrameInput | FrameInput[]): Buffer[] {
    if (this.closed) throw closedError();
    if (this.sendSlot.busy) throw busyError("send");
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

  private assertOpen(): void {
    if (this.closed) throw closedError();
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
  /** A SUBSCRIBE or CANCEL command arrived. Ignored by default. */
  protected onSubscription(_pipe: Pipe, _subscribe: boolean, _topic: Buffer): void {}
  /** Turns a queued message into what receive() returns; null drops it. */
  protected accept(_pipe: Pipe, frames: Buffer[]): Buffer[] | null {
    return frames;
  }
  /** A reason to refuse a peer at the end of its handshake, if any. */
  protected admit(_peer: PeerInfo, _pipe: Pipe | null): string | undefined {
    return undefined;
  }
  protected onAttached(_pipe: Pipe): void {}
  protected onDetached(_pipe: Pipe): void {}
  protected onConnected(_pipe: Pipe, _peer: PeerInfo): void {}
  protected onDisconnected(_pipe: Pipe): void {}
}
