/**
 * Keeps the process alive while any zmtp operation is pending, and only then: network handles
 * are unref'd, so that (as with zeromq.js) an idle socket never holds a process up but a
 * pending receive() or send() does. One ref'd timer for the whole engine.
 */
import { clearInterval, setInterval } from "node:timers";

let holders = 0;
let timer: ReturnType<typeof setInterval> | null = null;

/** Holds the process up until the returned function is called (once). */
export function holdProcess(): () => void {
  holders++;
  if (timer === null) timer = setInterval(() => {}, 0x7fffffff);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders--;
    if (holders === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}
