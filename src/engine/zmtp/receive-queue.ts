/**
 * A socket's received messages in arrival order, each with the pipe it came from. Fair by
 * arrival: a peer cannot crowd out the others because each pipe may hold at most the receive
 * high-water mark here; past it, that peer's connection stops reading until the application
 * has taken some (TCP back-pressure then slows the peer, as with libzmq).
 */
import type { Buffer } from "node:buffer";
import type { Pipe } from "./pipe.ts";
import { Ring } from "./ring.ts";

/** Received messages waiting for receive(). */
export class ReceiveQueue {
  private readonly pipes = new Ring<Pipe>(64);
  private readonly messages = new Ring<Buffer[]>(64);

  constructor(private readonly hwm: number) {}

  get length(): number {
    return this.messages.length;
  }

  /** Queues a message from `pipe`. */
  push(pipe: Pipe, frames: Buffer[]): void {
    pipe.inQueued++;
    this.pipes.push(pipe);
    this.messages.push(frames);
  }

  /** Takes the oldest message and the pipe it came from, letting that pipe's connection read again. */
  shift(): { pipe: Pipe; frames: Buffer[] } | undefined {
    const frames = this.messages.shift();
    if (frames === undefined) return undefined;
    const pipe = this.pipes.shift()!;
    pipe.inQueued--;
    if (pipe.conn !== null && (this.hwm <= 0 || pipe.inQueued < this.hwm)) pipe.conn.resumeReading();
    return { pipe, frames };
  }

  /** Forgets every message. */
  clear(): void {
    this.pipes.clear();
    this.messages.clear();
  }
}
