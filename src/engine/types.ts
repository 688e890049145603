/**
 * The one engine interface. `native` (zeromq.js) and `zmtp` (pure TypeScript) implement it;
 * everything else in zmqdiag talks ZeroMQ only through these types.
 */
import type { Buffer } from "node:buffer";

/** ZeroMQ socket types, lower case as zmqdiag's CLI spells them. */
export type SocketType =
  | "pub"
  | "sub"
  | "xpub"
  | "xsub"
  | "push"
  | "pull"
  | "pair"
  | "dealer"
  | "router"
  | "req"
  | "rep";

/** Name of an engine implementation. */
export type EngineName = "native" | "zmtp";

/** One frame as given to send(): strings are UTF-8 encoded. */
export type FrameInput = string | Uint8Array;

/**
 * The linger of a socket whose options give none, on both engines: bounded (libzmq's own is
 * forever), so that an exit never waits forever on unsent messages.
 */
export const defaultLingerMs = 1000;

/** Socket options, named as zeromq.js names them. Times are milliseconds. */
export interface SocketOptions {
  sendHighWaterMark?: number;
  receiveHighWaterMark?: number;
  /** How long close() may keep unsent messages; -1 forever. Default: defaultLingerMs. */
  linger?: number;
  /** receive() rejects with EAGAIN after this long; -1 (default) waits forever. Kept in JavaScript on native. */
  receiveTimeout?: number;
  /** send() rejects with EAGAIN after this long when it cannot queue; -1 waits forever. */
  sendTimeout?: number;
  reconnectInterval?: number;
  reconnectMaxInterval?: number;
  heartbeatInterval?: number;
  heartbeatTimeout?: number;
  heartbeatTimeToLive?: number;
  /** Largest message accepted from a peer, in bytes; -1 unlimited. */
  maxMessageSize?: number;
  routingId?: string;
  connectTimeout?: number;
  /** XPUB only: which subscription messages reach the application. */
  verbosity?: null | "allSubs" | "allSubsUnsubs";
}

/** Options of a single receive(). */
export interface ReceiveOptions {
  /**
   * Cancels the wait. A cancel-safe engine guarantees that an aborted receive never consumes a
   * message: it is either returned to this caller or stays queued for the next receive().
   * The promise rejects with the signal's reason (an AbortError by default).
   */
  signal?: AbortSignal;
}

/** Counters a socket keeps. A `null` means the engine cannot measure it (never a fake 0). */
export interface SocketCounters {
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Messages dropped at a high-water mark. */
  drops: number | null;
  connects: number | null;
  disconnects: number | null;
  handshakeFailures: number | null;
  protocolErrors: number | null;
  /** Peers connected right now. */
  peers: number | null;
  /** Per connection detail, where the engine has it. */
  connections?: ConnectionCounters[];
}

/** Counters of one connection (zmtp engine). */
export interface ConnectionCounters {
  id: number;
  peer: string;
  peerSocketType: string;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  drops: number;
  open: boolean;
  /**
   * Epoch ms of the last PONG or other sign of life from a heartbeating peer (heartbeats on
   * either side); null when none yet. Tells an idle publisher (recent) from a dead connection.
   */
  lastPongAt: number | null;
}

/**
 * Something that happened on a socket that the application did not ask for. `code` is stable
 * (zmtp: the ZMTP_* codes listed in the README; native: LIBZMQ_*), `reason` is for people.
 */
export type SocketEvent =
  | { type: "connect"; peer: string }
  | { type: "disconnect"; peer: string; code: string; reason: string }
  | { type: "handshake-failure"; peer: string; code: string; reason: string }
  | { type: "protocol-error"; peer: string; code: string; reason: string }
  /** An exception of the engine's own while handling a peer's input (a bug, not the peer's fault). */
  | { type: "internal-error"; peer: string; code: string; reason: string }
  /**
   * The peer keeps refusing us (or we it) in the greeting, `count` times in a row so far: most
   * likely a security mechanism other than NULL. Sent at the 1st, 2nd, 4th, 8th... time, so a
   * retry loop does not flood listeners.
   */
  | { type: "peer-refused"; peer: string; code: string; reason: string; count: number };

/** A ZeroMQ socket. */
export interface ZSocket {
  readonly type: SocketType;
  readonly engine: EngineName;
  readonly closed: boolean;
  /** Binds; resolves with the endpoint actually bound (port 0 or `*` resolved). */
  bind(endpoint: string): Promise<string>;
  /** Starts connecting (ZeroMQ connects in the background and reconnects by itself). */
  connect(endpoint: string): Promise<void>;
  /**
   * Sends one message (several frames = multipart). Resolves once the message is queued.
   * PUB/XPUB never wait: a full peer queue drops (and counts it where the engine can).
   * A second send while one is pending rejects with EBUSY.
   */
  send(message: FrameInput | FrameInput[]): Promise<void>;
  /**
   * Queues the message at once when that needs no wait and returns true; returns false, sending
   * nothing, when send() would have to wait for room (native always: zeromq.js has no
   * synchronous send). Throws what send() would reject with (EBADF, EBUSY while a send is
   * pending, ENOTSUP, EINVAL). Lets a loop send many messages without a promise for each.
   */
  sendNow(message: FrameInput | FrameInput[]): boolean;
  /**
   * Receives one whole message. A second receive while one is pending rejects with EBUSY
   * (as zeromq.js does). Rejects with EAGAIN after receiveTimeout, EBADF/ETERM once closed.
   */
  receive(options?: ReceiveOptions): Promise<Buffer[]>;
  /**
   * Up to `max` whole messages in one call, in order: every message already queued (zmtp; native
   * takes one per call), or, when none is, the first to arrive (waiting as receive() does). Same
   * rules as receive(): EBUSY, EAGAIN, EBADF, and an aborted call consumes nothing. `max` is an
   * integer of at least 1, else EINVAL.
   */
  receiveBatch(max: number, options?: ReceiveOptions): Promise<Buffer[][]>;
  /**
   * Optional (zmtp has it; callers fall back to a receive/send loop): from now on, every message
   * this socket receives is sent on `to` inside the engine, as libzmq's zmq_proxy does for one
   * direction, until stop(): whole, in order per peer, with `to`'s filtering, high-water marks
   * and drop counting, without a promise or (mostly) a Buffer per message. Messages already
   * queued go first. While it runs, receive() rejects with EBUSY. `to` must be a socket of the
   * same engine that never waits to send (pub, xpub), else EINVAL; EBUSY while a receive is
   * pending or another forward() runs.
   */
  forward?(to: ZSocket): Forwarding;
  /**
   * Optional (zmtp has it; callers fall back to receive()): from now on, every message this socket
   * receives goes to `sink` inside the engine, until stop() or close(): in place when it arrived
   * whole in one chunk, as frames otherwise; messages already queued go first. No back-pressure:
   * the sink takes everything at once. While it runs, receive() rejects with EBUSY. EBUSY while a
   * receive is pending or a forward() or consume() runs.
   */
  consume?(sink: MessageSink): Consuming;
  /** SUB/XSUB: subscribe to a topic prefix ("" = everything). Counted, like libzmq. */
  subscribe(topic?: FrameInput): void;
  unsubscribe(topic?: FrameInput): void;
  /** Closes now: settles every pending receive and send; holds no handle afterwards. */
  close(): void;
  /**
   * Optional (zmtp has it; where absent, what linger discarded is not measurable): after close(),
   * settles once its linger is over with what the linger discarded. Rejects with EINVAL before
   * close().
   */
  lingered?(): Promise<LingerOutcome>;
  counters(): SocketCounters;
  /** Listens to socket events; returns a function that stops listening. Never keeps a process alive. */
  onEvent(listener: (event: SocketEvent) => void): () => void;
}

/** What a close()'s linger discarded: messages still queued, or not wholly written, when it ran out. */
export interface LingerOutcome {
  /** Summed over peers. */
  discarded: number;
  /** One count per peer the socket had at close (0 when all its messages went out), in no set order. */
  perPeer: number[];
}

/** A forward() in progress. */
export interface Forwarding {
  /** Messages forwarded so far (received and handed to the destination, whatever it then dropped). */
  readonly messages: number;
  /** Their bytes (frame bodies). */
  readonly bytes: number;
  /** Stops forwarding at once: later messages are queued for receive() again. Idempotent. */
  stop(): void;
}

/** Where consume() hands messages. Chunks are valid only during the call. */
export interface MessageSink {
  /** One or more whole messages back to back, as encoded ZMTP frames in `chunk[start, end)`. */
  encoded(chunk: Buffer, start: number, end: number): void;
  /** One message as frames. */
  frames(frames: Buffer[]): void;
}

/** A consume() in progress. */
export interface Consuming {
  /** Messages handed to the sink so far. */
  readonly messages: number;
  /** Stops at once: later messages are queued for receive() again. Idempotent. */
  stop(): void;
}

/** An engine: a factory of sockets. */
export interface Engine {
  readonly name: EngineName;
  /** Human readable version, e.g. "libzmq 4.3.5 (zeromq.js 6.8.0)" or "zmtp 3.1 (zmqdiag)". */
  readonly version: string;
  socket(type: SocketType, options?: SocketOptions): ZSocket;
}
