/**
 * A socket's received messages, fair-queued over the peers they came from, as libzmq's fq_t
 * does: each peer with messages waiting gets one turn in order (peers 0, 1, 2, 0, 1, 2 ...), so
 * a peer whose messages arrived in one burst cannot take every turn. Within one peer, order is
 * arrival order. Each pipe may hold at most the receive high-water mark here; past it, that
 * peer's connection stops reading until the application has taken some (TCP back-pressure then
 * slows the peer, as with libzmq).
 */
import type { Buffer } from "node:buffer";
import type { Pipe } from "./pipe.ts";
import { Ring } from "./ring.ts";
import { messageBytes } from "../message-bytes.ts";
import type { InputBudget } from "./input-budget.ts";

/** Received messages waiting for receive(). */
export class ReceiveQueue {
  /** Pipes with at least one message queued, in turn order. */
  private readonly turns = new Ring<Pipe>(16);
  private total = 0;
  /** The pipe of the message shift() returned last. */
  lastPipe: Pipe | null = null;

  /** `budget` counts the bytes queued here (input-budget.ts). */
  constructor(private readonly hwm: number, private readonly budget: InputBudget) {}

  get length(): number {
    return this.total;
  }

  /** Queues a message from `pipe`. */
  push(pipe: Pipe, frames: Buffer[]): void {
    if (pipe.inbox.length === 0) this.turns.push(pipe);
    pipe.inbox.push(frames);
    this.total++;
    this.budget.queued(messageBytes(frames));
  }

  /**
   * Takes the next message in turn, letting its pipe's connection read again; `lastPipe` is then
   * the pipe it came from (a field rather than a pair object: no allocation per message).
   */
  shift(): Buffer[] | undefined {
    const pipe = this.turns.shift();
    if (pipe === undefined) return undefined;
    const frames = pipe.inbox.shift()!;
    // A pipe with more waiting goes to the back of the line.
    if (pipe.inbox.length > 0) this.turns.push(pipe);
    this.total--;
    this.lastPipe = pipe;
    this.budget.queued(-messageBytes(frames));
    if (pipe.conn !== null && (this.hwm <= 0 || pipe.inbox.length < this.hwm)) pipe.conn.resumeReading();
    return frames;
  }

  /** Forgets every message. */
  clear(): void {
    for (let p = this.turns.shift(); p !== undefined; p = this.turns.shift()) {
      for (let m = p.inbox.shift(); m !== undefined; m = p.inbox.shift()) this.budget.queued(-messageBytes(m));
    }
    this.total = 0;
  }
}
