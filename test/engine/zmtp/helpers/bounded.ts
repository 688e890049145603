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

/** Waits `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Text of each frame, for readable assertions. */
export function texts(frames: Buffer[]): string[] {
  return frames.map((f) => f.toString("latin1"));
}
