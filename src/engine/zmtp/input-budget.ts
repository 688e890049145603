/**
 * A bound on the received bytes one socket holds across all its connections: messages in its
 * receive queue plus what each connection has read and not yet turned into a message (a frame
 * or a multipart message half received). The max message size bounds one connection; this
 * bounds them all together, so that many peers each sending a large message, or a queue the
 * application does not drain, cannot make the process hold more than `limit` plus one message.
 *
 * Over the limit, a connection at a message boundary stops reading (canAccept), and so does one
 * in the middle of a message, with one exception: when the receive queue is empty (nothing the
 * application could take to free memory), the first such connection to ask reads on to finish
 * its message. Waiters are woken when the total is under the limit again, when that one has
 * finished, or when the queue empties, so the bound never stops every connection for good; the
 * total stays under the limit plus one message plus a read chunk per connection.
 */

/** What the budget needs of a connection. */
export interface BudgetedConnection {
  /** Reading may go on as far as the budget is concerned. */
  resumeBudget(): void;
  /** Reading may go on as far as the receive queue is concerned (it re-checks). */
  resumeReading(): void;
}

/** The limit for a max message size: four messages, at least 16 MiB; none without a max. */
export function budgetFor(maxMessageSize: number): number {
  return maxMessageSize < 0 ? Infinity : Math.max(4 * maxMessageSize, 16 * 1024 * 1024);
}

/** A socket's input budget. */
export class InputBudget {
  private used = 0;
  /** The part of `used` in the receive queue. */
  private queue = 0;
  private readonly held = new Map<BudgetedConnection, number>();
  private leader: BudgetedConnection | null = null;
  private readonly waiting = new Set<BudgetedConnection>();
  private waking = false;

  constructor(readonly limit: number) {}

  /** True while the socket holds at least `limit` bytes. */
  get over(): boolean {
    return this.used >= this.limit;
  }

  /** Bytes held now (for tests and counters). */
  get bytes(): number {
    return this.used;
  }

  /** Messages of `delta` bytes went into (or, negative, out of) the receive queue. */
  queued(delta: number): void {
    if (this.limit === Infinity) return;
    this.queue += delta;
    this.add(delta);
    if (this.queue === 0 && this.over) this.wake();
  }

  /**
   * A connection holds `bytes` of input now; `midMessage` when it is half-way through one.
   * Returns false when it must stop reading until woken (resumeBudget).
   */
  input(conn: BudgetedConnection, bytes: number, midMessage: boolean): boolean {
    if (this.limit === Infinity) return true;
    const before = this.held.get(conn) ?? 0;
    if (bytes === 0) this.held.delete(conn);
    else if (bytes !== before) this.held.set(conn, bytes);
    this.add(bytes - before);
    if (!midMessage && this.leader === conn) {
      this.leader = null;
      this.wake();
    }
    if (!midMessage || !this.over || this.leader === conn) return true;
    if (this.leader === null && this.queue === 0) {
      this.leader = conn;
      return true;
    }
    this.waiting.add(conn);
    return false;
  }

  /** A connection stopped at a message boundary because the budget is over (see canAccept). */
  wait(conn: BudgetedConnection): void {
    this.waiting.add(conn);
  }

  /** The connection ended: its input no longer counts. */
  forget(conn: BudgetedConnection): void {
    this.waiting.delete(conn);
    this.input(conn, 0, false);
  }

  private add(delta: number): void {
    if (delta === 0) return;
    const was = this.over;
    this.used += delta;
    if (was && !this.over) this.wake();
  }

  /**
   * Wakes the waiters in a microtask, not here: this runs inside a receive taking a message off
   * the queue, and a waiter that decodes at once would queue (and hand over) a message in the
   * middle of that.
   */
  private wake(): void {
    if (this.waking || this.waiting.size === 0) return;
    this.waking = true;
    queueMicrotask(() => {
      this.waking = false;
      const woken = [...this.waiting];
      this.waiting.clear();
      for (const c of woken) {
        c.resumeBudget();
        c.resumeReading();
      }
    });
  }
}
