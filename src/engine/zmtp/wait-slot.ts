/**
 * The one pending receive or send of a socket: a promise settled by the socket, by a timeout
 * (EAGAIN) or by an AbortSignal. Settling is synchronous and happens once, so an aborted wait
 * can never also have taken a message.
 */
import { clearTimeout, setTimeout } from "node:timers";
import { timeoutError } from "../errors.ts";
import { holdProcess } from "./keep-alive.ts";

interface Waiter<T> {
  resolve(v: T): void;
  reject(e: unknown): void;
}

/** One pending operation. */
export class WaitSlot<T> {
  private waiter: Waiter<T> | null = null;

  constructor(private readonly what: "receive" | "send") {}

  /** True while an operation waits. */
  get busy(): boolean {
    return this.waiter !== null;
  }

  /** Waits; `timeoutMs` -1 for ever; `onGone` runs when the wait ends without a value. */
  wait(timeoutMs: number, signal?: AbortSignal, onGone?: () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const release = holdProcess();
      let timer: ReturnType<typeof setTimeout> | null = null;
      const cleanup = () => {
        this.waiter = null;
        release();
        if (timer) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const fail = (e: unknown) => {
        if (this.waiter !== w) return;
        cleanup();
        onGone?.();
        reject(e);
      };
      const onAbort = () => fail(signal!.reason);
      const w: Waiter<T> = {
        resolve: (v) => {
          cleanup();
          resolve(v);
        },
        reject: fail,
      };
      this.waiter = w;
      if (timeoutMs > 0) {
        timer = setTimeout(() => fail(timeoutError(this.what, timeoutMs)), timeoutMs);
      }
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Settles the pending wait with a value. */
  resolve(v: T): void {
    this.waiter?.resolve(v);
  }

  /** Settles the pending wait with an error. */
  reject(e: unknown): void {
    this.waiter?.reject(e);
  }
}
