/**
 * An unbuffered in-memory channel between two tasks, modelled on AnyIO's memory object streams:
 * a send hands its value straight to a waiting receiver, or waits until one comes.
 * `skipReceiversWithPendingAbort` reproduces AnyIO 4.4.0's change: a send passes over (and
 * forgets) a waiting receiver whose task is being aborted, even when that receiver shields its
 * wait from the abort in order to drain during cleanup.
 */

/** Options of one receive. */
export interface ChannelReceiveOptions {
  /** The receiving task's abort signal. */
  signal?: AbortSignal;
  /** Keep waiting when `signal` aborts (a cleanup that must drain); the task is still being aborted. */
  shield?: boolean;
  /** Give up after this long (rejects with a TimeoutError). */
  timeoutMs?: number;
}

interface Receiver<T> {
  deliver(value: T): void;
  /** The receiving task's signal: aborted means the task is being cancelled. */
  taskSignal: AbortSignal | undefined;
}

interface Sender<T> {
  value: T;
  delivered(): void;
}

/** A channel; see the file comment. */
export class MemoryChannel<T> {
  private readonly receivers: Receiver<T>[] = [];
  private readonly senders: Sender<T>[] = [];

  constructor(private readonly options: { skipReceiversWithPendingAbort: boolean }) {}

  /** How many receivers wait now. */
  get waitingReceivers(): number {
    return this.receivers.length;
  }

  /** Hands `value` to a waiting receiver, or waits for one (at most `timeoutMs`, then a TimeoutError). */
  send(value: T, options: { timeoutMs?: number } = {}): Promise<void> {
    while (this.receivers.length) {
      const r = this.receivers.shift()!;
      // The bug: a receiver whose task is being aborted is assumed gone, although it is shielded
      // and still waiting. It is dropped from the queue and never hears of this value.
      if (this.options.skipReceiversWithPendingAbort && r.taskSignal?.aborted) continue;
      r.deliver(value);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const sender: Sender<T> = {
        value,
        delivered: () => {
          if (timer !== undefined) clearTimeout(timer);
          resolve();
        },
      };
      this.senders.push(sender);
      if (options.timeoutMs !== undefined) {
        const ms = options.timeoutMs;
        timer = setTimeout(() => {
          this.senders.splice(this.senders.indexOf(sender), 1);
          reject(timeoutError("send", ms));
        }, ms);
      }
    });
  }

  /** Takes the next value: from a waiting sender, or by waiting for one. */
  receive(options: ChannelReceiveOptions = {}): Promise<T> {
    const { signal, shield = false, timeoutMs } = options;
    if (!shield) signal?.throwIfAborted();
    const sender = this.senders.shift();
    if (sender) {
      sender.delivered();
      return Promise.resolve(sender.value);
    }
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stopWaiting = (reason: unknown) => {
        const i = this.receivers.indexOf(receiver);
        if (i >= 0) this.receivers.splice(i, 1);
        cleanup();
        reject(reason);
      };
      const onAbort = () => stopWaiting(signal!.reason);
      const cleanup = () => {
        if (timer !== undefined) clearTimeout(timer);
        if (!shield) signal?.removeEventListener("abort", onAbort);
      };
      const receiver: Receiver<T> = {
        deliver: (value) => {
          cleanup();
          resolve(value);
        },
        taskSignal: signal,
      };
      this.receivers.push(receiver);
      if (!shield) signal?.addEventListener("abort", onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => stopWaiting(timeoutError("receive", timeoutMs)), timeoutMs);
      }
    });
  }
}

function timeoutError(what: string, ms: number): DOMException {
  return new DOMException(`channel ${what} timed out after ${ms} ms`, "TimeoutError");
}
