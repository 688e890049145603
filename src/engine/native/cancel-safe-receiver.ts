/**
 * Cancel-safe receive on a zeromq.js socket, the heart of zmqdiag. The receiver is the single
 * owner of zeromq.js's receive(): at most one native receive is in flight. A caller that aborts
 * (signal or timeout) is rejected at once, but the native receive goes on; a message it yields
 * later is kept for the next receive() and never dropped. A caller that merely abandons its
 * promise still counts as waiting (the next receive gets EBUSY), as with zeromq.js itself.
 *
 * In polling mode (Deno) the zeromq.js socket has receiveTimeout 0 and waiting is done here:
 * each attempt returns a message or EAGAIN at once, and attempts repeat with a short, growing
 * pause while a caller waits. Deno's emulation of libuv's poll misses libzmq's wake-ups, so a
 * blocking zeromq.js receive there may never return (seen: 23 of 40 bare round trips hung).
 */
import type { Buffer } from "node:buffer";
import type { ReceiveOptions } from "../types.ts";
import { busyError, closedError, hasCode, timeoutError } from "../errors.ts";
import { toZmqError } from "./native-errors.ts";
import { countIn, type Traffic } from "./traffic.ts";

/** The part of a zeromq.js socket this file uses. */
export interface NativeReadable {
  receive(): Promise<Buffer[]>;
}

interface Waiter {
  resolve(message: Buffer[]): void;
  reject(reason: unknown): void;
  timer: ReturnType<typeof setTimeout> | undefined;
  signal: AbortSignal | undefined;
}

const maxPollPauseMs = 10;

/** Owns the receive side of one native socket. */
export class CancelSafeReceiver {
  /** A native receive whose result goes to the waiter, or is kept when there is none. */
  private nativePending = false;
  /** A native receive handed straight to a caller that cannot cancel (the fast path). */
  private directPending = false;
  private kept: Buffer[] | undefined;
  private waiter: Waiter | undefined;
  private closed = false;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private pollPause = 0;
  /**
   * The signal listened to, kept from one receive to the next: a loop passes the same signal to
   * every receive, and adding and removing an abort listener each time is a cost per message
   * the bus pays. Moved to another signal when one comes; removed at close.
   */
  private listening: { signal: AbortSignal; onAbort: () => void } | undefined;

  constructor(
    private readonly socket: NativeReadable,
    private readonly timeoutMs: number,
    private readonly traffic: Traffic,
    private readonly polling: boolean,
  ) {}

  /** Receives one message; see the file comment for the rules. */
  receive(options?: ReceiveOptions): Promise<Buffer[]> {
    if (this.closed) return Promise.reject(closedError());
    if (this.directPending || this.waiter) return Promise.reject(busyError("receive"));
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const kept = this.kept;
    if (kept) {
      this.kept = undefined;
      countIn(this.traffic, kept);
      return Promise.resolve(kept);
    }
    if (!signal && this.timeoutMs < 0 && !this.nativePending && !this.polling) return this.receiveDirect();
    return this.receiveCancellable(signal);
  }

  /** Rejects the waiting caller with EBADF; later results of the native receive are consumed. */
  close(): void {
    this.closed = true;
    this.kept = undefined;
    this.listen(undefined);
    const w = this.waiter;
    if (w) this.settle(w).reject(closedError());
  }

  // Fast path: one promise layer over zeromq.js's, no timer, no listener.
  private receiveDirect(): Promise<Buffer[]> {
    let p: Promise<Buffer[]>;
    try {
      p = this.socket.receive();
    } catch (e) {
      return Promise.reject(toZmqError(e));
    }
    this.directPending = true;
    return p.then(this.onDirectMessage, this.onDirectError);
  }

  private readonly onDirectMessage = (message: Buffer[]): Buffer[] => {
    this.directPending = false;
    if (this.closed) throw closedError();
    countIn(this.traffic, message);
    return message;
  };

  private readonly onDirectError = (e: unknown): never => {
    this.directPending = false;
    throw this.closed ? closedError() : toZmqError(e);
  };

  private receiveCancellable(signal: AbortSignal | undefined): Promise<Buffer[]> {
    return new Promise<Buffer[]>((resolve, reject) => {
      const w: Waiter = { resolve, reject, timer: undefined, signal };
      this.waiter = w;
      this.pollPause = 0;
      if (!this.nativePending) this.startNative();
      if (this.waiter !== w) return; // the attempt failed at once
      const ms = this.timeoutMs;
      if (ms >= 0) w.timer = setTimeout(() => this.abandon(w, timeoutError("receive", ms)), ms);
      if (signal && this.listening?.signal !== signal) this.listen(signal);
    });
  }

  private startNative(): void {
    let p: Promise<Buffer[]>;
    try {
      p = this.socket.receive();
    } catch (e) {
      if (this.waiter) this.settle(this.waiter).reject(toZmqError(e));
      return;
    }
    this.nativePending = true;
    p.then(this.onNativeMessage, this.onNativeError);
  }

  private readonly poll = (): void => {
    this.pollTimer = undefined;
    if (!this.closed && this.waiter && !this.nativePending) this.startNative();
  };

  private readonly onNativeMessage = (message: Buffer[]): void => {
    this.nativePending = false;
    if (this.closed) return;
    const w = this.waiter;
    if (!w) {
      this.kept = message;
      return;
    }
    countIn(this.traffic, message);
    this.settle(w).resolve(message);
  };

  private readonly onNativeError = (e: unknown): void => {
    this.nativePending = false;
    // At close zeromq.js rejects with EAGAIN: consumed here, the caller already has EBADF.
    // With no caller waiting, the next receive() simply asks again.
    if (this.closed || !this.waiter) return;
    if (this.polling && hasCode(e, "EAGAIN")) {
      this.pollTimer = setTimeout(this.poll, this.pollPause);
      this.pollPause = Math.min(this.pollPause * 2 || 1, maxPollPauseMs);
      return;
    }
    this.settle(this.waiter).reject(toZmqError(e));
  };

  private listen(signal: AbortSignal | undefined): void {
    const old = this.listening;
    if (old) old.signal.removeEventListener("abort", old.onAbort);
    this.listening = undefined;
    if (!signal) return;
    // Only the caller waiting with this signal stops waiting; a later one with another signal does not.
    const onAbort = () => {
      const w = this.waiter;
      if (w && w.signal === signal) this.abandon(w, signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    this.listening = { signal, onAbort };
  }

  /** The caller stops waiting (abort or timeout); the native receive stays in flight. */
  private abandon(w: Waiter, reason: unknown): void {
    if (this.waiter === w) this.settle(w).reject(reason);
  }

  private settle(w: Waiter): Waiter {
    this.waiter = undefined;
    if (w.timer !== undefined) clearTimeout(w.timer);
    if (this.pollTimer !== undefined) {
      // Nobody waits any more: stop polling (libzmq keeps the messages queued meanwhile).
      clearTimeout(this.pollTimer);
      this.pollTimer = undefined;
    }
    return w;
  }
}
