/**
 * A clock for the hot path: reading it costs a variable read, where performance.now() would
 * cost about as much as the rest of a call's bookkeeping together. While the program calls
 * zeromq.js, an unref'd timer (it never keeps a program alive) sets the time every `tickMs`; once
 * no call has read it for a few ticks the timer stops, and the next call's read sets the time
 * itself and starts it again. So an age in a report is at most `tickMs` too short, and a call
 * after a quiet spell (an idle socket's, a hung program's last) has its own exact time.
 */
import { clearInterval, setInterval } from "node:timers";

/** How often the time is set while calls are made. */
export const tickMs = 2;
const idleTicksBeforeStop = 3;

let time = 0;
let read = false;
let idleTicks = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function tick(): void {
  time = performance.now();
  if (read) {
    read = false;
    idleTicks = 0;
  } else if (++idleTicks >= idleTicksBeforeStop && timer !== undefined) {
    clearInterval(timer);
    timer = undefined;
  }
}

function start(): void {
  time = performance.now();
  idleTicks = 0;
  timer = setInterval(tick, tickMs);
  (timer as { unref?: () => unknown }).unref?.();
}

/** The time (performance.now() scale), at most `tickMs` old. */
export function coarseNow(): number {
  if (timer === undefined) start();
  read = true;
  return time;
}
