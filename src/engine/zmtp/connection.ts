/**
 * One ZMTP connection over a stream socket: greeting, NULL handshake, frame decoding with
 * back-pressure, batched writing, heartbeats. A broken peer only ever closes this connection:
 * every event handler is guarded, so no network input can throw out of it.
 */
import { Buffer } from "node:buffer";
import type net from "node:net";
import { clearTimeout, setImmediate, setTimeout } from "node:timers";
import type { ConnectionEnd, ConnectionHost, ConnectionOptions, PeerInfo } from "./connection-host.ts";
import { commandBody, errorReason, parseCommand, pingBody, subscriptionMessage } from "./commands.ts";
import { onTrafficCommand, type CommandTarget } from "./traffic-commands.ts";
import { BROKEN, COMMAND, FRAME, FrameDecoder, MORE, NEED_MORE } from "./frame-decoder.ts";
import { FrameWriter } from "./frame-encoder.ts";
import { buildGreeting, GreetingReader } from "./greeting.ts";
import { checkReady, ownReady } from "./handshake.ts";
import { Heartbeat } from "./heartbeat.ts";
import type { Pipe } from "./pipe.ts";

type State = "greeting" | "handshake" | "ready" | "closed";

/** One ZMTP connection. */
export class Connection {
  state: State = "greeting";
  pipe: Pipe | null = null;
  peer: PeerInfo | null = null;
  readonly remote: string;
  messagesIn = 0;
  messagesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  drops = 0;
  /** True once the application closed it (not the peer's doing). */
  appClosed = false;

  private readonly decoder: FrameDecoder;
  private readonly writer: FrameWriter;
  private readonly greeting = new GreetingReader();
  private frames: Buffer[] = [];
  private frameBytes = 0;
  private paused = false;
  /** Reading stopped by the socket's input budget (input-budget.ts), apart from `paused`. */
  private budgetHeld = false;
  private ending = false;
  private scheduled = false;
  private handshakeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly heartbeat: Heartbeat;
  private readonly commandTarget: CommandTarget = {
    subscription: (subscribe, topic) => this.host.subscription(this, subscribe, topic),
    pinged: (ttl, context) => {
      this.heartbeat.peerTtl(ttl);
      this.sendCommand(commandBody("PONG", context));
    },
    fail: (kind, reason) => this.fail(kind, reason),
  };

  constructor(private readonly sock: net.Socket, private readonly host: ConnectionHost, private readonly opts: ConnectionOptions, remote: string) {
    this.remote = remote;
    this.decoder = new FrameDecoder(opts.maxMessageSize);
    this.writer = new FrameWriter(sock);
    this.heartbeat = new Heartbeat(opts.heartbeat, {
      sendPing: (ttl) => this.sendCommand(pingBody(ttl)),
      expire: (reason) => this.fail("disconnect", reason),
    });
    sock.setNoDelay(true);
    sock.on("data", (chunk: Buffer) => this.guard(() => this.onData(chunk)));
    sock.on("drain", () => this.guard(() => this.pump()));
    sock.on("error", (e: Error) => this.guard(() => this.fail("disconnect", e.message)));
    sock.on("close", () => this.guard(() => this.onPeerClosed()));
    sock.on("end", () => this.guard(() => this.onPeerClosed()));
    if (opts.handshakeTimeout > 0) {
      this.handshakeTimer = setTimeout(() => this.guard(() => this.fail("handshake-failure", "handshake timed out")), opts.handshakeTimeout);
      this.handshakeTimer.unref();
    }
    this.writer.raw(buildGreeting());
    this.writer.flush();
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
    let moved = 0;
    // Writes go on past the stream's own high-water mark up to WRITE_LIMIT, so that a burst is
    // absorbed by the socket (as libzmq's I/O thread would absorb it) rather than dropped. The
    // limit counts what the writer holds too, checked for every message: past it, messages stay
    // in the pipe (under its high-water mark) until the stream drains.
    while (pipe.out.length > 0 && this.writer.pending + this.sock.writableLength < WRITE_LIMIT) {
      const msg = pipe.out.shift()!;
      const bytes = Array.isArray(msg) ? this.writer.message(msg) : this.writer.encodedMessage(msg);
      this.messagesOut++;
      this.bytesOut += bytes;
      moved++;
    }
    this.writer.flush();
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
    this.host.ended(this, { kind: "disconnect", reason: "closed by the application", wasReady: true });
  }

  /** Sends a subscription in the form the peer understands (command for 3.1, message for 3.0). */
  sendSubscription(subscribe: boolean, topic: Uint8Array): void {
    if (this.state !== "ready") return;
    if (this.peer!.minor >= 1) this.writer.command(commandBody(subscribe ? "SUBSCRIBE" : "CANCEL", topic));
    else this.writer.frame(0, subscriptionMessage(subscribe, topic));
    this.writer.flush();
  }

  /** True when bytes written now go straight to the stream (ready, and its buffer below the limit). */
  canWriteNow(): boolean {
    return this.state === "ready" && !this.ending && this.sock.writableLength < WRITE_LIMIT;
  }

  /**
   * Writes a message already encoded as frames (`chunk[start, end)`, `bytes` of frame bodies),
   * bypassing the pipe: for a forwarding socket, when canWriteNow() and the pipe is empty.
   */
  writeEncoded(chunk: Buffer, start: number, end: number, bytes: number, count = 1): void {
    this.writer.encoded(chunk, start, end);
    this.messagesOut += count;
    this.bytesOut += bytes;
    if (!this.scheduled) this.schedule();
  }

  /** Sends a message now, bypassing the pipe (XSUB's upstream messages). */
  sendNow(frames: Buffer[]): void {
    if (this.state !== "ready") return;
    this.bytesOut += this.writer.message(frames);
    this.messagesOut++;
    this.writer.flush();
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
    const mid = this.frames.length > 0 || this.decoder.inFrame;
    if (this.host.inputHeld(this, this.decoder.held + this.frameBytes, mid) || this.budgetHeld) return;
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
    if (!graceful || this.state !== "ready") return this.fail("disconnect", "closed by the application");
    this.ending = true;
    this.stopTimers();
    this.pump();
  }

  /** The underlying stream, so that lingering can ref() and, at its end, destroy it. */
  get stream(): net.Socket {
    return this.sock;
  }

  /** Bytes still waiting in the socket's write buffer. */
  get unsent(): number {
    return this.sock.writableLength + this.writer.pending;
  }

  /** Closes the connection for a reason; tells the socket once. */
  fail(kind: ConnectionEnd["kind"], reason: string): void {
    if (this.state === "closed") return;
    const wasReady = this.state === "ready";
    this.state = "closed";
    this.stopTimers();
    this.sock.destroy();
    this.host.ended(this, { kind, reason, wasReady });
  }

  private onPeerClosed(): void {
    if (this.state === "closed") return;
    // Messages already received but held back by back-pressure are still delivered: they are in memory anyway.
    if (this.state === "ready" && this.paused) this.decode(true);
    if (this.isClosed) return;
    // Bytes of an unfinished greeting, READY or frame mean the stream was cut short.
    const cut = (this.state === "greeting" && this.greeting.have > 0) || this.state === "handshake" || !this.decoder.idle || this.frames.length > 0;
    if (cut) return this.fail("protocol-error", "truncated stream: the peer closed in the middle of a greeting, READY or frame");
    this.fail("disconnect", "connection closed by peer");
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
      this.fail("protocol-error", `internal error on input: ${e instanceof Error ? e.message : String(e)}`);
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
    if (typeof g === "string") return this.fail("protocol-error", g);
    this.state = "handshake";
    this.peer = { socketType: "", minor: g.minor, identity: EMPTY };
    this.sendCommand(ownReady(this.host.type, this.host.routingId));
  }

  private sendCommand(body: Buffer): void {
    if (this.state === "closed") return;
    this.writer.command(body);
    this.writer.flush();
  }

  private decode(force = false): void {
    const d = this.decoder;
    const maxMsg = this.opts.maxMessageSize;
    while (this.state === "handshake" || this.state === "ready") {
      // Only between messages: a message begun is finished (the max message size bounds it).
      if (!force && this.frames.length === 0 && !d.inFrame && this.state === "ready" && !this.host.canAccept(this)) {
        this.pauseReading();
        return;
      }
      const sink = this.host.rawSink;
      if (sink !== null && this.frames.length === 0 && this.state === "ready") {
        if (sink.takesAll()) {
          if (d.scanRun() === FRAME) {
            this.messagesIn += d.runCount;
            this.bytesIn += d.msgBytes;
            sink.rawRun(d.msgChunk, d.msgStart, d.msgEnd, d.runCount, d.msgBytes);
            continue;
          }
        } else if (d.scanMessage() === FRAME) {
          this.messagesIn++;
          this.bytesIn += d.msgBytes;
          sink.raw(d.msgChunk, d.msgStart, d.msgEnd, d.topicAt, d.topicLen, d.msgBytes);
          continue;
        }
      }
      const r = d.next();
      if (r === NEED_MORE) return;
      if (r === BROKEN) return this.fail("protocol-error", d.error);
      const flags = d.flags;
      if ((flags & COMMAND) !== 0) {
        if (this.frames.length > 0) return this.fail("protocol-error", "command frame inside a multipart message");
        this.onCommand(d.body);
        continue;
      }
      if (this.state !== "ready") return this.fail("protocol-error", "message frame before READY");
      this.frames.push(d.body);
      this.frameBytes += d.body.length;
      if (maxMsg >= 0 && this.frameBytes > maxMsg) return this.fail("protocol-error", `message of more than ${maxMsg} bytes exceeds the maximum message size`);
      if ((flags & MORE) === 0) {
        const msg = this.frames;
        this.frames = [];
        this.messagesIn++;
        this.bytesIn += this.frameBytes;
        this.frameBytes = 0;
        this.host.message(this, msg);
      }
    }
  }

  private onCommand(body: Buffer): void {
    const cmd = parseCommand(body);
    if (typeof cmd === "string") return this.fail("protocol-error", cmd);
    if (this.state === "handshake") {
      if (cmd.name === "ERROR") return this.fail("handshake-failure", `peer sent ERROR: ${errorReason(cmd.data)}`);
      if (cmd.name !== "READY") return this.fail("protocol-error", `expected READY, got ${cmd.name}`);
      return this.onReady(cmd.data);
    }
    onTrafficCommand(cmd, this.commandTarget);
  }

  private onReady(data: Buffer): void {
    const peer = checkReady(this.host.type, data, this.peer!.minor);
    if ("kind" in peer) return this.fail(peer.kind, peer.reason);
    this.peer = peer;
    // Ready before the socket hears of it, so that it can send (subscriptions) at once.
    this.state = "ready";
    const pipe = this.host.ready(this, peer);
    if (typeof pipe === "string") {
      this.state = "handshake";
      return this.fail("handshake-failure", pipe);
    }
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
    this.pipe = pipe;
    if (peer.minor >= 1) this.heartbeat.start();
    this.pump();
  }
}

const EMPTY = Buffer.alloc(0);
/** Bytes a connection may have waiting in its stream before queued messages stay in the pipe. */
const WRITE_LIMIT = 1024 * 1024;
