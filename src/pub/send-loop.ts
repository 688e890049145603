/**
 * The send loop of `pub`: numbers messages from 0, leaves out --skip ranges, paces to --rate
 * and writes zmqdiag's header into each payload. A fresh payload per message: an engine may
 * keep a reference to a buffer it was given until the message is on the wire.
 */
import { Buffer } from "node:buffer";
import type { ZSocket } from "../engine/types.ts";
import { microsAt } from "../stream/clock.ts";
import { writeHeader } from "../stream/message-header.ts";
import { RateLimiter } from "../stream/rate-limiter.ts";
import { type SeqRange, SkipCursor } from "../stream/skip-list.ts";
import { sleep, yieldToEventLoop } from "../stream/sleep.ts";
import type { PubOptions } from "./pub-options.ts";

/** Longest stretch of sends without a turn of the event loop (see yieldToEventLoop). */
const yieldEveryMs = 10;

/** The loop's counts, updated as it goes (read by the progress line). */
export interface SendState {
  sent: number;
  skipped: number;
  /** The next sequence number. */
  nextSeq: number;
  /** performance.now() of the first and the last send. */
  firstAt: number;
  lastAt: number;
}

/** A fresh state. */
export function newSendState(): SendState {
  return { sent: 0, skipped: 0, nextSeq: 0, firstAt: 0, lastAt: 0 };
}

/** Sends until --count is reached or `signal` aborts. */
export async function sendLoop(
  socket: ZSocket,
  o: PubOptions,
  skips: readonly SeqRange[],
  signal: AbortSignal,
  st: SendState,
): Promise<void> {
  const topic = Buffer.from(o.topic);
  const cursor = new SkipCursor(skips);
  const limiter = o.rate ? new RateLimiter(o.rate, performance.now()) : undefined;
  const count = o.count ?? Number.MAX_SAFE_INTEGER;
  let budget = 0;
  let turnAt = performance.now();
  while (!signal.aborted && st.nextSeq < count) {
    const seq = st.nextSeq;
    const skipTo = cursor.skippedUntil(seq);
    if (skipTo >= 0) {
      const end = Math.min(skipTo, count - 1);
      st.skipped += end - seq + 1;
      st.nextSeq = end + 1;
      continue;
    }
    while (limiter && budget === 0) {
      const now = performance.now();
      budget = limiter.take(now);
      if (budget === 0) await sleep(Math.max(1, limiter.delayMs(now)), signal);
      if (signal.aborted) return;
    }
    budget--;
    const payload = Buffer.alloc(o.size);
    // One clock read per message: it stamps the header and dates the send (the clock costs
    // a few hundred ns on some machines, a visible share of a message's budget).
    const at = performance.now();
    writeHeader(payload, o.stream, seq, microsAt(at));
    await socket.send([topic, payload]);
    if (st.sent === 0) st.firstAt = at;
    st.lastAt = at;
    st.sent++;
    st.nextSeq = seq + 1;
    if (at - turnAt >= yieldEveryMs) {
      await yieldToEventLoop();
      turnAt = performance.now();
    }
  }
}
