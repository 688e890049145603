/**
 * Bounded waits for tests: every wait has a deadline and says what it waited for, so that a
 * broken engine fails a test instead of hanging the run.
 */
import type { Buffer } from "node:buffer";
import { ZmqError } from "../../../../src/engine/errors.ts";

/** Something with zmqdiag's (or zeromq.js's) receive(). */
export interface Receiver {
  receive(options?: { signal?: AbortSignal }): Promise<Buffer[]>;
}

/** Resolves with `p`, or rejects after `ms`. A late rejection of `p` is kept from going unhandled. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  p.catch(() => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * One message from `socket` within `ms`. An AbortSignal is passed too (the zmtp engine cancels
 * its wait; zeromq.js ignores unknown options), but the deadline does not depend on it.
 */
export function receiveWithin(socket: Receiver, ms = 3000, what = "a message"): Promise<Buffer[]> {
  const ac = new AbortController();
  const t = setTimeout(() => ac.abort(new Error(`receive of ${what} timed out`)), ms);
  const p = socket.receive({ signal: ac.signal });
  return within(p, ms + 500, what).finally(() => clearTimeout(t));
}

/**
 * One message from `socket` within `ms`, or null when none came: the wait is cancelled, so
 * nothing is consumed. An error of the engine's own (ZmqError) is thrown.
 */
export async function tryReceive(socket: Receiver, ms: number): Promise<Buffer[] | null> {
  const ac = new AbortController();
  const t = setTimeout(() => ac.abort(), ms);
  try {
    return await socket.receive({ signal: ac.signal });
  } catch (e) {
    if (ac.signal.aborted && !(e instanceof ZmqError)) return null;
    throw e;
  } finally {
    clearTimeout(t);
  }
}

/** Resolves once `ok()` is true (checked every 10 ms), rejects after `ms`. */
export async function eventually(ok: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  for (let i = 0; i < 100_000; i++) {
    if (ok()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(10);
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Waits `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Text of each frame, for readable assertions. */
export function texts(frames: Buffer[]): string[] {
  return frames.map((f) => f.toString("latin1"));
}

/** Things to close when a test ends, whatever happened (last added, first closed). */
export class Cleanup {
  private readonly steps: Array<() => unknown> = [];

  /** Adds something to close; returns it. */
  add<T extends { close(): unknown } | { destroy(): unknown }>(thing: T): T {
    this.steps.push(() => ("close" in thing ? thing.close() : thing.destroy()));
    return thing;
  }

  /** Runs every step; one that throws does not stop the others. */
  async run(): Promise<void> {
    for (const step of this.steps.reverse()) {
      try {
        await step();
      } catch {
        // already closed
      }
    }
    this.steps.length = 0;
  }
}

/** Runs `fn` with a Cleanup that is run afterwards, whatever happens. */
export async function withCleanup<T>(fn: (c: Cleanup) => Promise<T>): Promise<T> {
  const c = new Cleanup();
  try {
    return await fn(c);
  } finally {
    await c.run();
  }
}
