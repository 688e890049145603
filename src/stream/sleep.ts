import { setImmediate } from "node:timers";

/** Waits `ms`, or less when `signal` aborts first; never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Lets timers, signal handlers and I/O run once. A loop whose awaits all settle at once (a PUB
 * with no subscriber drops every message without waiting) never gives them a turn otherwise:
 * Ctrl-C, --duration and the progress line would all be ignored.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
