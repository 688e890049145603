/**
 * One ZMTP connection over a byte stream (byte-stream.ts): greeting, NULL handshake, reading
 * (connection-reader.ts), batched writing (connection-output.ts), heartbeats. A broken peer only
 * ever closes this connection: every event handler is guarded, so no network input can throw
 * out of it, and every end has a stable code (faults.ts). An exception of our own is
 * ZMTP_INTERNAL, never the peer's fault.
 */
import { Buffer } from "node:buffer";
import type { ByteStream } from "./byte-stream.ts";
import type { ConnectionHost, ConnectionOptions } from "./connection-host.ts";
import type { ConnectionState, PeerInfo } from "./connection-end.ts";
import { closeReason } from "./close-reason.ts";
import { type Fault, fault } from "./faults.ts";
import { type Command, commandBody, parseCommand, pingBody } from "./commands.ts";
import { ConnectionOutput } from "./connection-output.ts";
import { ConnectionReader, type ReaderOwner } from "./connection-reader.ts";
import { type CommandTarget, onTrafficCommand } from "./traffic-commands.ts";
import { buildGreeting } from "./greeting.ts";
import { ownReady, peerFromReady } from "./handshake.ts";
import { Heartbeat } from "./heartbeat.ts";
import type { Pipe } from "./pipe.ts";
import type { PipeLink } from "./pipe-link.ts";
import { realTimers, type TimerHandle, type Timers } from "./timers.ts";

/** One ZMTP connection. */
export class Connection implements PipeLink, ReaderOwner {
  state: ConnectionState = "greeting";
  pipe: Pipe | null = null;
  peer: PeerInfo | null = null;
  drops = 0;
  /** True once the application closed it (not the peer's doing). */
  appClosed = false;
  /** What it writes, with messagesOut, bytesOut and the bytes not on the wire yet (unsent). */
  readonly output: ConnectionOutput;

  private readonly reader: ConnectionReader<Connection>;
  private ending = false;
  private scheduled = false;
  private handshakeTimer: TimerHandle | null = null;
  private readonly heartbeat: Heartbeat;
  private readonly commandTarget: CommandTarget = {
    subscription: (subscribe, topic) => {
      // An XPUB hands subscriptions to the application as messages (1|0 + topic): they came in here.
      if (this.host.type === "xpub") this.reader.countSubscription(topic);
      this.host.subscription(this, subscribe, topic);
    },
    pinged: (ttl, context) => {
      this.heartbeat.peerTtl(ttl);
      this.sendCommand(commandBody("PONG", context));
    },
    fail: (f) => this.fail(f),
  };

  /** `timers`: the real ones but in tests. */
  constructor(
    private readonly sock: ByteStream,
    private readonly host: ConnectionHost<Connection>,
    opts: ConnectionOptions,
    readonly remote: string,
    private readonly timers: Timers = realTimers,
  ) {
    this.reader = new ConnectionReader(sock, host, this, this, opts.maxMessageSize);
    this.output = new ConnectionOutput(sock);
    this.heartbeat = new Heartbeat(opts.heartbeat, {
      sendPing: (ttl) => this.sendCommand(pingBody(ttl)),
      expire: (f) => this.fail(f),
      // While we hold reading back, a missing PONG may sit unread in our own buffers.
      readingHeld: () => this.reader.paused,
    }, timers);
    sock.on("data", (chunk: Buffer) => this.guard(() => this.onData(chunk)));
    sock.on("drain", () => this.guard(() => this.pump()));
    sock.on("error", (e: Error) => this.guard(() => this.onPeerClosed(e.message)));
    sock.on("close", () => this.guard(() => this.onPeerClosed()));
    sock.on("end", () => this.guard(() => this.onPeerClosed()));
    if (opts.handshakeTimeout > 0) {
      this.handshakeTimer = timers.after(
        opts.handshakeTimeout,
        () => this.guard(() => this.fail(fault("ZMTP_HANDSHAKE_TIMEOUT", "handshake timed out"))),
      );
    }
    this.output.raw(buildGreeting());
  }

  /** Epoch ms of the last sign of life (PONG or any traffic) from a heartbeating peer; null when none. */
  get lastPongAt(): number | null {
    return this.heartbeat.lastSignOfLife;
  }

  /** True once closed (a getter, so that TypeScript does not narrow it away). */
  get isClosed(): boolean {
    return this.state === "closed";
  }

  /** Messages received from the peer (subscriptions an XPUB hands on included). */
  get messagesIn(): number {
    return this.reader.messagesIn;
  }

  /** Frame-body bytes of those messages. */
  get bytesIn(): number {
    return this.reader.bytesIn;
  }

  /**
   * Asks for queued messages to be written soon (once per event-loop turn), or at once when
   * `now` (a pipe filling up: a burst must not wait for the event loop and hit the HWM).
   */
  schedule(now = false): void {
    if (this.state !== "ready" || this.ending) return;
    if (now) return this.pump();
    if (this.scheduled) return;
    this.scheduled = true;
    this.timers.soon(() => this.guard(() => this.pump()));
  }

  /** Writes queued messages now, as far as the socket accepts them. */
  pump(): void {
    this.scheduled = false;
    const pipe = this.pipe;
    if (this.state !== "ready" || pipe === null) return;
    const written = this.output.bytesOut;
    const moved = this.output.drain(pipe.out);
    pipe.outBytes -= this.output.bytesOut - written;
    if (this.ending) {
      if (pipe.out.length === 0) this.finish();
      return;
    }
    if (moved > 0) this.host.drained(this);
  }

  /** Lingering is over: everything queued went to the socket. */
  private finish(): void {
    this.state = "closed";
    this.sock.end();
    this.host.ended(this, { ...fault("ZMTP_CLOSED_BY_APPLICATION", "closed by the application"), wasReady: true });
  }

  /**
   * Sends a subscription in the form the peer understands (command for 3.1, message for 3.0);
   * `sent` when the application sent it as a message (XSUB): counted as one then.
   */
  sendSubscription(subscribe: boolean, topic: Uint8Array, sent = false): void {
    if (this.state === "ready") this.output.subscription(this.peer!.minor, subscribe, topic, sent);
  }

  /** True when bytes written now go straight to the stream (ready, and its buffer below the limit). */
  canWriteNow(): boolean {
    return this.state === "ready" && !this.ending && this.output.hasRoom;
  }

  /**
   * Writes a message already encoded as frames (`chunk[start, end)`, `bytes` of frame bodies),
   * bypassing the pipe: for a forwarding socket, when canWriteNow() and the pipe is empty.
   */
  writeEncoded(chunk: Buffer, start: number, end: number, bytes: number, count = 1): void {
    this.output.encoded(chunk, start, end, bytes, count);
    if (!this.scheduled) this.schedule();
  }

  /** Sends a message now, bypassing the pipe (XSUB's upstream messages). */
  sendNow(frames: Buffer[]): void {
    if (this.state === "ready") this.output.message(frames);
  }

  /** Stops reading because the receive queue is full. */
  pauseReading(): void {
    this.reader.pause();
  }

  /** Goes on reading after `pauseReading()`. */
  resumeReading(): void {
    const r = this.reader;
    if (!r.paused || this.state === "closed") return;
    r.paused = false;
    this.guard(() => r.decode());
    r.resumed();
  }

  /** The socket's input budget lets this connection read again. */
  resumeBudget(): void {
    this.reader.resumeBudget();
  }

  /**
   * Ends the connection for the application. `graceful` (linger): keep writing what the pipe
   * holds, then half-close; the linger timer destroys it if that takes too long.
   */
  close(graceful = false): void {
    if (this.state === "closed" || this.ending) return;
    this.appClosed = true;
    if (!graceful || this.state !== "ready") {
      return this.fail(fault("ZMTP_CLOSED_BY_APPLICATION", "closed by the application"));
    }
    this.ending = true;
    this.stopTimers();
    this.pump();
  }

  /** The underlying stream, so that lingering can watch it close and, at its end, destroy it. */
  get stream(): ByteStream {
    return this.sock;
  }

  /** Messages for this peer not wholly written to the operating system: queued in the pipe, or in the write buffers. */
  get unsentMessages(): number {
    return this.output.unsentMessages + (this.pipe?.out.length ?? 0);
  }

  /** Closes the connection for a fault; tells the socket once. */
  fail(f: Fault): void {
    if (this.state === "closed") return;
    const wasReady = this.state === "ready";
    this.state = "closed";
    this.stopTimers();
    this.sock.destroy();
    this.host.ended(this, { ...f, wasReady });
  }

  /** The greeting is complete (for the reader): send READY, in the version the peer speaks. */
  greeted(minor: number): void {
    this.state = "handshake";
    this.peer = { socketType: "", minor, identity: EMPTY };
    this.sendCommand(ownReady(this.host.type, this.host.routingId));
  }

  /** A command frame arrived (for the reader): READY during the handshake, traffic commands after. */
  onCommand(body: Buffer): void {
    const cmd = parseCommand(body);
    if (typeof cmd === "string") return this.fail(fault("ZMTP_BAD_COMMAND", cmd));
    if (this.state === "handshake") return this.onReady(cmd);
    onTrafficCommand(cmd, this.commandTarget);
  }

  /** The peer closed, or the stream failed (`streamError`). */
  private onPeerClosed(streamError?: string): void {
    if (this.state === "closed") return;
    // Messages already received but held back by back-pressure are still delivered: they are in memory anyway.
    if (this.state === "ready" && this.reader.paused) this.reader.decode(true);
    if (this.isClosed) return;
    this.fail(closeReason(this.reader.closePoint(streamError)));
  }

  private stopTimers(): void {
    this.handshakeTimer?.cancel();
    this.handshakeTimer = null;
    this.heartbeat.stop();
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.fail(
        fault(
          "ZMTP_INTERNAL",
          `internal error of zmqdiag while handling the peer's input: ${e instanceof Error ? e.message : String(e)}`,
        ),
      );
    }
  }

  private onData(chunk: Buffer): void {
    if (this.state === "closed") return;
    this.heartbeat.alive();
    this.reader.push(chunk);
  }

  private sendCommand(body: Buffer): void {
    if (this.state !== "closed") this.output.command(body);
  }

  private onReady(cmd: Command): void {
    const peer = peerFromReady(this.host.type, cmd, this.peer!.minor);
    if ("code" in peer) return this.fail(peer);
    this.peer = peer;
    // Ready before the socket hears of it, so that it can send (subscriptions) at once.
    this.state = "ready";
    const pipe = this.host.ready(this, peer);
    if (typeof pipe === "string") {
      this.state = "handshake";
      return this.fail(fault("ZMTP_REFUSED_BY_SOCKET", pipe));
    }
    this.handshakeTimer?.cancel();
    this.handshakeTimer = null;
    this.pipe = pipe;
    if (peer.minor >= 1) this.heartbeat.start();
    this.pump();
  }
}

const EMPTY = Buffer.alloc(0);
