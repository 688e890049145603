/**
 * Socket events for the native engine, from zeromq.js's Observer (a libzmq monitor socket).
 * An observer's pending receive keeps the process alive (zeromq.js issue 364), so it runs only
 * while someone listens: it starts with the first listener and is closed with the last one, or
 * when the socket closes (checked: the process then exits by itself on Node). Not on Deno: an
 * observer there made the process segfault at exit (exit 139) and its wait relies on the same
 * unreliable poll emulation, so in polling mode there are no events and the counters stay null.
 */
import type { Event, Observer, Socket } from "zeromq";
import type { SocketEvent } from "../types.ts";
import type { ZeromqModule } from "./load-zeromq.ts";

/** What the observer has counted since it first started (null before: not measured). */
export interface ObservedCounts {
  connects: number;
  disconnects: number;
  handshakeFailures: number;
  protocolErrors: number;
  peers: number;
}

/** Observes one socket's events on demand. */
export class SocketObserver {
  private observer: Observer | undefined;
  private readonly listeners = new Set<(event: SocketEvent) => void>();
  /** Undefined until the first listener: then counting starts. */
  counts: ObservedCounts | undefined;

  constructor(private readonly zmq: ZeromqModule, private readonly socket: Socket, private readonly enabled: boolean) {}

  /** Adds a listener; returns the function that removes it. */
  listen(listener: (event: SocketEvent) => void): () => void {
    if (!this.enabled || this.socket.closed) return () => {};
    this.listeners.add(listener);
    if (!this.observer) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Stops observing (the socket is closing, or nobody listens). */
  stop(): void {
    const o = this.observer;
    this.observer = undefined;
    if (o && !o.closed) o.close();
  }

  private start(): void {
    this.counts ??= { connects: 0, disconnects: 0, handshakeFailures: 0, protocolErrors: 0, peers: 0 };
    const o = new this.zmq.Observer(this.socket);
    this.observer = o;
    void this.pump(o);
  }

  private async pump(o: Observer): Promise<void> {
    try {
      while (!o.closed) this.dispatch(await o.receive());
    } catch {
      // Closing the observer rejects its pending receive (ENOTSOCK): that is the normal end.
    }
  }

  private dispatch(e: Event): void {
    const c = this.counts!;
    const peer = "address" in e ? e.address : "";
    let event: SocketEvent | undefined;
    if (e.type === "handshake") {
      c.connects++;
      c.peers++;
      event = { type: "connect", peer };
    } else if (e.type === "disconnect") {
      c.disconnects++;
      c.peers = Math.max(0, c.peers - 1);
      event = {
        type: "disconnect",
        peer,
        code: "LIBZMQ_DISCONNECT",
        reason: "libzmq reported a disconnect (its monitor does not say why)",
      };
    } else if (e.type.startsWith("handshake:error")) {
      c.handshakeFailures++;
      if (e.type === "handshake:error:protocol") c.protocolErrors++;
      const reason = "error" in e && e.error ? String((e.error as Error).message ?? e.error) : e.type;
      // e.g. handshake:error:auth -> LIBZMQ_HANDSHAKE_ERROR_AUTH: libzmq's own event name, kept stable.
      event = { type: "handshake-failure", peer, code: `LIBZMQ_${e.type.replace(/:/g, "_").toUpperCase()}`, reason };
    }
    if (!event) return;
    for (const l of this.listeners) l(event);
  }
}
