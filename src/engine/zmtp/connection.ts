/**
 * One ZMTP connection over a stream socket: greeting, NULL handshake, frame decoding with
 * back-pressure, batched writing, heartbeats. A broken peer only ever closes this connection:
 * every event handler is guarded, so no network input can throw out of it, and every end has a
 * stable code (faults.ts). An exception of our own is ZMTP_INTERNAL, never the peer's fault.
 */
import { Buffer } from "node:buffer";
import type net from "node:net";
import { clearTimeout, setImmediate, setTimeout } from "node:timers";
import type { ConnectionHost, ConnectionOptions } from "./connection-host.ts";
import type { PeerInfo } from "./connection-end.ts";
import { closeReason } from "./close-reason.ts";
import { type Fault, fault } from "./faults.ts";
import { type Command, commandBody, parseCommand, pingBody } from "./commands.ts";
import { ConnectionOutput } from "./connection-output.ts";
import { type CommandTarget, onTrafficCommand } from "./traffic-commands.ts";
import { BROKEN, FrameDecoder, NEED_MORE } from "./frame-decoder.ts";
import { COMMAND, MORE } from "./frame-flags.ts";
import { MessageAssembly, takeInPlace } from "./message-assembly.ts";
import { buildGreeting, GreetingReader } from "./greeting.ts";
import { ownReady, peerFromReady } from "./handshake.ts";
import { Heartbeat } from "./heartbeat.ts";
import type { Pipe } from "./pipe.ts";
import { receivesSubscriptions } from "./socket-types.ts";

type State = "greeting" | "handshake" | "ready" | "closed";

/** One ZMTP connection. */
export class Connection {
  state: State = "greeting";
  pipe: Pipe | null = null;
  peer: PeerInfo | null = null;
  messagesIn = 0;
  bytesIn = 0;
  drops = 0;
  /** True once the application closed it (not the peer's doing). */
  appClosed = false;
  /** What it writes, with messagesOut, bytesOut and the bytes not on the wire yet (unsent). */
  readonly output: ConnectionOutput;

  private readonly decoder: FrameDecoder;
  private readonly greeting = new GreetingReader();
  private readonly assembly: MessageAssembly;
  private paused = false;
  /** Reading stopped by the socket's input budget (input-budget.ts), apart from `paused`. */
  private budgetHeld = false;
  private ending = false;
  private scheduled = false;
  private handshakeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly heartbeat: Heartbeat;
  /** Counts messages taken in place before the sink sees them, so that a reader it calls finds them counted here too. */
  private readonly countIn = (messages: number, bytes: number): void => {
    this.messagesIn += messages;
    this.bytesIn += bytes;
  };
  private readonly commandTarget: CommandTarget = {
    subscription: (subscribe, topic) => {
      // An XPUB hands subscriptions to the application as messages (1|0 + topic): they came in here.
      if (this.host.type === "xpub") this.countIn(1, 1 + topic.length);
      this.host.subscription(this, subscribe, topic);
    },
    pinged: (ttl, context) => {
      this.heartbeat.peerTtl(ttl);
      this.sendCommand(commandBody("PONG", context));
    },
    fail: (f) => this.fail(f),
  };

  constructor(
    private readonly sock: net.Socket,
    private readonly host: ConnectionHost<Connection>,
    opts: ConnectionOptions,
    readonly remote: string,
  ) {
    this.decoder = new FrameDecoder(opts.maxMessageSize, receivesSubscriptions(host.type));
    this.assembly = new MessageAssembly(opts.maxMessageSize);
    this.output = new ConnectionOutput(sock);
    this.heartbeat = new Heartbeat(opts.heartbeat, {
      sendPing: (ttl) => this.sendCommand(pingBody(ttl)),
      expire: (f) => this.fail(f),
      // While we hold reading back, a missing PONG may sit unread in our own buffers.
      readingHeld: () => this.paused,
    });
    sock.setNoDelay(true);
    sock.on("data", (chunk: Buffer) => this.guard(() => this.onData(chunk)));
    sock.on("drain", () => this.guard(() => this.pump()));
    sock.on("error", (e: Error) => this.guard(() => this.onPeerClosed(e.message)));
    sock.on("close", () => this.guard(() => this.onPeerClosed()));
    sock.on("end", () => this.guard(() => this.onPeerClosed()));
    if (opts.handshakeTimeout > 0) {
      this.handshakeTimer = setTimeout(
        () => this.guard(() => this.fail(fault("ZMTP_HANDSHAKE_TIMEOUT", "handshake timed out"))),
        opts.handshakeTimeout,
      );
      this.handshakeTimer.unref();
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

  /**
   * Asks for queued messages to be written soon (once per event-loop turn), or at once when
   * `now` (a pipe filling up: a burst must not wait for the event loop and hit the HWM).
   */
  schedule(now = false): void {
    if (this.state !== "ready" || this.ending) return;
    if (now) return this.pump();
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.guard(() => this.pump()));
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
    if (!this.paused) {
      this.paused = true;
      this.sock.pause();
    }
  }

  /** Goes on reading after `pauseReading()`. */
  resumeReading(): void {
    if (!this.paused || this.state === "closed") return;
    this.paused = false;
    this.guard(() => this.decode());
    this.checkBudget();
    if (!this.paused && !this.isClosed && !this.budgetHeld) this.sock.resume();
  }

  /** The socket's input budget lets this connection read again. */
  resumeBudget(): void {
    if (!this.budgetHeld) return;
    this.budgetHeld = false;
    if (!this.paused && !this.isClosed) this.sock.resume();
  }

  /** Tells the socket how much input this connection holds; stops reading when its budget says so. */
  private checkBudget(): void {
    if (this.isClosed) return;
    // Bytes waiting at a message boundary are not half a message: canAccept holds those back.
    const mid = this.assembly.pending || this.decoder.inFrame;
    if (this.host.inputHeld(this, this.decoder.held + this.assembly.bytes, mid) || this.budgetHeld) return;
    this.budgetHeld = true;
    this.sock.pause();
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

  /** The underlying stream, so that lingering can ref() and, at its end, destroy it. */
  get stream(): net.Socket {
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

  /** The peer closed, or the stream failed (`streamError`). */
  private onPeerClosed(streamError?: string): void {
    if (this.state === "closed") return;
    // Messages already received but held back by back-pressure are still delivered: they are in memory anyway.
    if (this.state === "ready" && this.paused) this.decode(true);
    if (this.isClosed) return;
    const cut = !this.decoder.idle || this.assembly.pending;
    this.fail(closeReason({ state: this.state, greetingBytes: this.greeting.have, cut, streamError }));
  }

  private stopTimers(): void {
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
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
    this.decoder.push(chunk);
    if (this.state === "greeting") this.readGreeting();
    if (this.state !== "greeting" && !this.paused) this.decode();
    this.checkBudget();
  }

  private readGreeting(): void {
    const g = this.greeting.read((into, at, n) => this.decoder.takeRaw(into, at, n));
    if (g === null) return;
    if ("code" in g) return this.fail(g);
    this.state = "handshake";
    this.peer = { socketType: "", minor: g.minor, identity: EMPTY };
    this.sendCommand(ownReady(this.host.type, this.host.routingId));
  }

  private sendCommand(body: Buffer): void {
    if (this.state !== "closed") this.output.command(body);
  }

  private decode(force = false): void {
    const d = this.decoder;
    const a = this.assembly;
    while (this.state === "handshake" || this.state === "ready") {
      // Only between messages: a message begun is finished (the max message size bounds it).
      if (!force && !a.pending && !d.inFrame && this.state === "ready" && !this.host.canAccept(this)) {
        this.pauseReading();
        return;
      }
      const sink = this.host.rawSink;
      if (sink !== null && !a.pending && this.state === "ready" && takeInPlace(d, sink, this.countIn) > 0) continue;
      const r = d.next();
      if (r === NEED_MORE) return;
      if (r === BROKEN) return this.fail(fault(d.errorCode, d.error));
      const flags = d.flags;
      if ((flags & COMMAND) !== 0) {
        // At any frame boundary, even inside a message (libzmq's PING/PONG): the frames held
        // so far are views that the command does not touch; assembly goes on after it.
        this.onCommand(d.body);
        continue;
      }
      if (this.state !== "ready") return this.fail(fault("ZMTP_BAD_READY", "message frame before READY"));
      const bytes = a.bytes + d.body.length;
      const msg = a.add(d.body, (flags & MORE) !== 0);
      if (msg === null) continue;
      if (!Array.isArray(msg)) return this.fail(msg);
      this.messagesIn++;
      this.bytesIn += bytes;
      this.host.message(this, msg);
    }
  }

  private onCommand(body: Buffer): void {
    const cmd = parseCommand(body);
    if (typeof cmd === "string") return this.fail(fault("ZMTP_BAD_COMMAND", cmd));
    if (this.state === "handshake") return this.onReady(cmd);
    onTrafficCommand(cmd, this.commandTarget);
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
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
    this.pipe = pipe;
    if (peer.minor >= 1) this.heartbeat.start();
    this.pump();
  }
}

const EMPTY = Buffer.alloc(0);
