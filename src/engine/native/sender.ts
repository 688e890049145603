/**
 * The send side of one native socket: one send at a time (EBUSY for a concurrent one, like
 * zeromq.js), EBADF once closed, and a send timeout kept in JavaScript. With a timeout the
 * zeromq.js socket has sendTimeout 0 (safe on Deno), so each attempt either queues at once or
 * fails with EAGAIN; attempts are retried with a short, growing pause until the deadline.
 */
import type { FrameInput } from "../types.ts";
import { busyError, closedError, hasCode, timeoutError } from "../errors.ts";
import { toZmqError } from "./native-errors.ts";
import { messageBytes } from "../message-bytes.ts";
import type { Traffic } from "./traffic.ts";

/** The part of a zeromq.js socket this file uses. */
export interface NativeWritable {
  send(message: FrameInput | FrameInput[]): Promise<void>;
}

const maxRetryPauseMs = 5;

/** Owns the send side of one native socket. */
export class Sender {
  private pending = false;
  private pendingBytes = 0;
  private closed = false;
  private retry: { timer: ReturnType<typeof setTimeout>; reject(reason: unknown): void } | undefined;

  constructor(
    private readonly socket: NativeWritable,
    private readonly timeoutMs: number,
    private readonly traffic: Traffic,
    private readonly polling: boolean,
  ) {}

  /** Sends one message; resolves once it is queued. */
  send(message: FrameInput | FrameInput[]): Promise<void> {
    if (this.closed) return Promise.reject(closedError());
    if (this.pending) return Promise.reject(busyError("send"));
    this.pendingBytes = messageBytes(message);
    if (this.timeoutMs < 0 && !this.polling) return this.sendDirect(message);
    return this.sendWithDeadline(message);
  }

  /**
   * zeromq.js has no synchronous send, so nothing is ever queued without a promise: false, for
   * the caller to send(); throws what send() would reject with (EBADF, EBUSY).
   */
  sendNow(): boolean {
    if (this.closed) throw closedError();
    if (this.pending) throw busyError("send");
    return false;
  }

  /** Rejects a send waiting between attempts; a send inside zeromq.js is rejected by its close. */
  close(): void {
    this.closed = true;
    const r = this.retry;
    this.retry = undefined;
    if (r) {
      clearTimeout(r.timer);
      this.pending = false;
      r.reject(closedError());
    }
  }

  private sendDirect(message: FrameInput | FrameInput[]): Promise<void> {
    let p: Promise<void>;
    try {
      p = this.socket.send(message);
    } catch (e) {
      return Promise.reject(toZmqError(e));
    }
    this.pending = true;
    return p.then(this.onSent, this.onSendError);
  }

  private readonly onSent = (): void => {
    this.pending = false;
    this.traffic.messagesOut++;
    this.traffic.bytesOut += this.pendingBytes;
  };

  private readonly onSendError = (e: unknown): never => {
    this.pending = false;
    throw this.closed ? closedError() : toZmqError(e);
  };

  private sendWithDeadline(message: FrameInput | FrameInput[]): Promise<void> {
    const ms = this.timeoutMs;
    const deadline = ms < 0 ? Infinity : performance.now() + ms;
    this.pending = true;
    return new Promise<void>((resolve, reject) => {
      let pause = 1;
      const fail = (e: unknown) => {
        this.pending = false;
        reject(e);
      };
      const attempt = () => {
        this.retry = undefined;
        if (this.closed) return fail(closedError());
        let p: Promise<void>;
        try {
          p = this.socket.send(message);
        } catch (e) {
          return fail(toZmqError(e));
        }
        p.then(() => {
          this.onSent();
          resolve();
        }, (e: unknown) => {
          if (this.closed) return fail(closedError());
          if (!hasCode(e, "EAGAIN")) return fail(toZmqError(e));
          const left = deadline - performance.now();
          if (left <= 0) return fail(timeoutError("send", ms));
          const wait = Math.min(pause, left, maxRetryPauseMs);
          pause *= 2;
          this.retry = { timer: setTimeout(attempt, wait), reject: fail };
        });
      };
      attempt();
    });
  }
}
