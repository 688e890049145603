/**
 * How a zmtp socket's peers come and go: endpoints bound and connected, one connection per
 * stream (the socket is its ConnectionHost), one pipe per peer in round-robin order, the bound
 * on received bytes across connections (input-budget.ts), and the linger of close(). The
 * socket types' hooks about peers are declared here; socket-base.ts adds what the application
 * does with the socket (send, receive, forward).
 */
import type { Buffer } from "node:buffer";
import { parseEndpoint } from "../endpoint.ts";
import { closedError, ZmqError } from "../errors.ts";
import type { LingerOutcome, SocketType } from "../types.ts";
import type { ByteStream } from "./byte-stream.ts";
import { Connection } from "./connection.ts";
import type { ConnectionEnd, PeerInfo } from "./connection-end.ts";
import type { ConnectionHost, RawSink } from "./connection-host.ts";
import { Connector } from "./connector.ts";
import { isRefusal } from "./faults.ts";
import { budgetFor, InputBudget } from "./input-budget.ts";
import { type Linger, startLinger } from "./linger.ts";
import { netStream } from "./net-stream.ts";
import type { ResolvedOptions } from "./options.ts";
import { refusalKey } from "./peer-refusals.ts";
import { Pipe } from "./pipe.ts";
import { SocketStats } from "./socket-stats.ts";
import type { Timers } from "./timers.ts";
import { describePeer, listen, type Listener } from "./transport.ts";

/** The peers of a socket. */
export abstract class SocketPeers implements ConnectionHost<Connection> {
  closed = false;
  /** Attached pipes, in round-robin order. */
  protected readonly pipes: Pipe[] = [];
  protected readonly stats = new SocketStats();
  /** Bounds the received bytes held across every connection and the receive queue. */
  protected readonly budget: InputBudget;
  /** True for types that drop rather than wait at the high-water mark (their pipes write eagerly). */
  protected readonly dropsAtHwm: boolean = false;
  private readonly listeners: Listener[] = [];
  private readonly connectors = new Map<Connector, Pipe>();
  private readonly connections = new Set<Connection>();
  private readonly connectorOf = new Map<Connection, Connector>();
  private linger: Linger | null = null;

  constructor(readonly type: SocketType, readonly options: ResolvedOptions) {
    this.budget = new InputBudget(budgetFor(options.maxMessageSize));
  }

  get routingId(): Buffer {
    return this.options.routingId;
  }

  /** Set while the socket forwards and can take messages raw. */
  abstract get rawSink(): RawSink | null;

  async bind(endpoint: string): Promise<string> {
    this.assertOpen();
    const ep = parseEndpoint(endpoint, { forBind: true });
    const l = await listen(ep, (s) => this.adopt(netStream(s), describePeer(s, ep)));
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
    const c: Connector = new Connector(ep, this.options, (s) => this.adopt(netStream(s), ep.text, c));
    this.connectors.set(c, pipe);
    this.attach(pipe);
    c.start();
  }

  lingered(): Promise<LingerOutcome> {
    if (this.linger === null) return Promise.reject(new ZmqError("EINVAL", "lingered() is known only after close()"));
    return this.linger.done;
  }

  /**
   * Runs a connection over `s`, a stream accepted or dialled (`connector`) for this socket, or
   * an in-memory one in tests (with their clock, `timers`); `peer` names the other end.
   */
  adopt(s: ByteStream, peer: string, connector: Connector | null = null, timers?: Timers): void {
    if (this.closed && !(connector && this.linger?.has(connector))) return void s.destroy();
    const o = this.options;
    const heartbeat = { interval: o.heartbeatInterval, timeout: o.heartbeatTimeout, ttl: o.heartbeatTimeToLive };
    const opts = { maxMessageSize: o.maxMessageSize, handshakeTimeout: o.handshakeTimeout, heartbeat };
    const conn = new Connection(s, this, opts, peer, timers);
    this.connections.add(conn);
    if (connector) this.connectorOf.set(conn, connector);
  }

  // ---- ConnectionHost ----

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
    this.roomMade();
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

  // ---- for the socket ----

  /** At close(): stops listening, lingers what is queued (startLinger), drops every pipe. */
  protected closePeers(): void {
    for (const l of this.listeners) l.close();
    this.linger = startLinger(this.options.linger, this.connectors, this.connections, this.connectorOf);
    for (const p of [...this.pipes]) this.detach(p);
  }

  protected assertOpen(): void {
    if (this.closed) throw closedError();
  }

  private attach(pipe: Pipe): void {
    this.pipes.push(pipe);
    this.onAttached(pipe);
    this.roomMade();
  }

  private detach(pipe: Pipe): void {
    const i = this.pipes.indexOf(pipe);
    if (i >= 0) this.pipes.splice(i, 1);
    pipe.detached = true;
    this.onDetached(pipe);
  }

  // ---- hooks ----

  /** Queued messages went out, or a pipe came: a send waiting for room may go now. */
  protected abstract roomMade(): void;
  /** A message arrived from a peer. */
  protected abstract onMessage(pipe: Pipe, frames: Buffer[]): void;
  /** A SUBSCRIBE or CANCEL command arrived. Ignored by default. */
  protected onSubscription(_pipe: Pipe, _subscribe: boolean, _topic: Buffer): void {}
  /** A reason to refuse a peer at the end of its handshake, if any. */
  protected admit(_peer: PeerInfo, _pipe: Pipe | null): string | undefined {
    return undefined;
  }
  protected onAttached(_pipe: Pipe): void {}
  protected onDetached(_pipe: Pipe): void {}
  protected onConnected(_pipe: Pipe, _peer: PeerInfo): void {}
  protected onDisconnected(_pipe: Pipe): void {}
}
