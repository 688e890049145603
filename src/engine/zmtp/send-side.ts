/**
 * The send side of a zmtp socket: its one pending send and send()/sendNow() with their rules:
 * a message goes at once when a peer has room (or is dropped, for types that drop), else it
 * waits for room up to sendTimeout (EAGAIN at once with 0), and the wait ends with EBADF at
 * close. A second send while one waits is refused with EBUSY by the socket (see `busy`).
 */
import type { Buffer } from "node:buffer";
import { closedError, ZmqError } from "../errors.ts";
import { WaitSlot } from "./wait-slot.ts";

const RESOLVED = Promise.resolve();

/** What the socket type does with a message: sent or dropped now (true), or no room yet (false). */
export type TrySend = (frames: Buffer[]) => boolean;

/** Sends, and the send waiting for room. */
export class SendSide {
  private readonly slot = new WaitSlot<void>("send");
  private pending: Buffer[] | null = null;

  /** `sent` hears of each message that went (for the counters). */
  constructor(
    private readonly timeoutMs: number,
    private readonly trySend: TrySend,
    private readonly sent: (frames: Buffer[]) => void,
  ) {}

  /** True while a send waits for room. */
  get busy(): boolean {
    return this.slot.busy;
  }

  /** Sends now, or waits for room (see retry()). */
  send(frames: Buffer[]): Promise<void> {
    if (this.trySend(frames)) {
      this.sent(frames);
      return RESOLVED;
    }
    if (this.timeoutMs === 0) {
      return Promise.reject(new ZmqError("EAGAIN", "no peer has room for the message (send would block)"));
    }
    this.pending = frames;
    return this.slot.wait(this.timeoutMs, undefined, () => {
      this.pending = null;
    });
  }

  /** Sends now if a peer has room; false (nothing sent) if not. */
  sendNow(frames: Buffer[]): boolean {
    if (!this.trySend(frames)) return false;
    this.sent(frames);
    return true;
  }

  /** A pipe got room, or a new one came: the waiting send goes if it can. */
  retry(): void {
    const frames = this.pending;
    if (frames === null || !this.trySend(frames)) return;
    this.pending = null;
    this.sent(frames);
    this.slot.resolve(undefined);
  }

  /** The socket closed: a waiting send fails with EBADF. */
  close(): void {
    this.slot.reject(closedError());
    this.pending = null;
  }
}
