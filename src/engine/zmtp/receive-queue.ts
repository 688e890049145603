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
  /** The pipe of the message shift() returned last. */
  lastPipe: Pipe | null = null;

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

  /**
   * Takes the oldest message, letting its pipe's connection read again; `lastPipe` is then the
   * pipe it came from (a field rather than a pair object: no allocation per message).
   */
  shift(): Buffer[] | undefined {
    const frames = this.messages.shift();
    if (frames === undefined) return undefined;
    const pipe = this.pipes.shift()!;
    this.lastPipe = pipe;
    pipe.inQueued--;
    if (pipe.conn !== null && (this.hwm <= 0 || pipe.inQueued < this.hwm)) pipe.conn.resumeReading();
    return frames;
  }

  /** Forgets every message. */
  clear(): void {
    this.pipes.clear();
    this.messages.clear();
  }
}
