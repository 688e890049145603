/**
 * The receive side of a zmtp socket: its queue of received messages, its one pending receive,
 * and receive()/receiveBatch() with their rules: EBUSY for a second receive, EAGAIN at once with
 * receiveTimeout 0, EBADF once closed. A wait settles synchronously and once (wait-slot.ts), so
 * an aborted receive, single or batch, never consumes a message.
 */
import type { Buffer } from "node:buffer";
import { batchMaxError, busyError, closedError, ZmqError } from "../errors.ts";
import type { Pipe } from "./pipe.ts";
import { ReceiveQueue } from "./receive-queue.ts";
import type { InputBudget } from "./input-budget.ts";
import { WaitSlot } from "./wait-slot.ts";

/** What the socket decides about a queued message: what receive() returns, or null to drop it. */
export type Accept = (pipe: Pipe, frames: Buffer[]) => Buffer[] | null;

const batchOfOne = (msg: Buffer[]): Buffer[][] => [msg];

/** Received messages and the receives waiting for them. */
export class ReceiveSide {
  private readonly inbound: ReceiveQueue;
  private readonly slot = new WaitSlot<Buffer[]>("receive");

  constructor(
    budget: InputBudget,
    hwm: number,
    private readonly timeoutMs: number,
    private readonly accept: Accept,
    private readonly delivered: (msg: Buffer[]) => void,
  ) {
    this.inbound = new ReceiveQueue(hwm, budget);
  }

  /** One message; `refused` (closed, a type that cannot receive) rejects at once. */
  receive(signal: AbortSignal | undefined, refused: ZmqError | undefined): Promise<Buffer[]> {
    const reason = this.refusal(signal, refused);
    if (reason !== undefined) return Promise.reject(reason);
    const msg = this.take();
    return msg ? Promise.resolve(msg) : this.waitForMessage(signal);
  }

  /** Every queued message up to `max`, or, when none is queued, the first to arrive. */
  receiveBatch(max: number, signal: AbortSignal | undefined, refused: ZmqError | undefined): Promise<Buffer[][]> {
    if (!Number.isInteger(max) || max < 1) return Promise.reject(batchMaxError(max));
    const reason = this.refusal(signal, refused);
    if (reason !== undefined) return Promise.reject(reason);
    const batch: Buffer[][] = [];
    for (let m = this.take(); m !== undefined; m = batch.length < max ? this.take() : undefined) batch.push(m);
    // A wait settles with one message; what arrives with it stays queued for the next call.
    return batch.length > 0 ? Promise.resolve(batch) : this.waitForMessage(signal).then(batchOfOne);
  }

  /** True while a receive waits. */
  get busy(): boolean {
    return this.slot.busy;
  }

  /** The next queued message, as receive() would return it; undefined when none is queued. */
  takeQueued(): Buffer[] | undefined {
    return this.take();
  }

  /** Queues a message from `pipe`; a waiting receive takes it at once. */
  push(pipe: Pipe, frames: Buffer[]): void {
    this.inbound.push(pipe, frames);
    if (this.slot.busy) {
      const msg = this.take();
      if (msg) this.slot.resolve(msg);
    }
  }

  /** The socket closed: a waiting receive gets EBADF and queued messages are forgotten. */
  close(): void {
    this.slot.reject(closedError());
    this.inbound.clear();
  }

  private refusal(signal: AbortSignal | undefined, refused: ZmqError | undefined): unknown {
    if (refused) return refused;
    if (this.slot.busy) return busyError("receive");
    return signal?.aborted ? signal.reason : undefined;
  }

  private waitForMessage(signal: AbortSignal | undefined): Promise<Buffer[]> {
    if (this.timeoutMs === 0) {
      return Promise.reject(new ZmqError("EAGAIN", "no message available (receive would block)"));
    }
    return this.slot.wait(this.timeoutMs, signal);
  }

  private take(): Buffer[] | undefined {
    for (let frames = this.inbound.shift(); frames !== undefined; frames = this.inbound.shift()) {
      const out = this.accept(this.inbound.lastPipe!, frames);
      if (out) {
        this.delivered(out);
        return out;
      }
    }
    return undefined;
  }
}
