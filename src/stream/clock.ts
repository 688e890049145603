/**
 * The clock of message send times: microseconds since the Unix epoch, from
 * performance.timeOrigin + performance.now(), so that two processes on one host agree
 * (unlike performance.now() alone) while the value stays monotonic within a process.
 */

/** Now, in microseconds since the epoch (an integer). */
export function nowMicros(): number {
  return microsAt(performance.now());
}

/** performance.timeOrigin is a getter; it never changes within a process. */
const origin = performance.timeOrigin;

/** The same clock for a performance.now() value already read (saves a second clock read). */
export function microsAt(performanceNow: number): number {
  return Math.round((origin + performanceNow) * 1000);
}
