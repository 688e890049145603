/**
 * A clock read once per event-loop turn in which the program calls zeromq.js, not once per call
 * (a clock read costs about as much as the rest of the bookkeeping of a call together). Within a
 * turn every call gets the time of the turn's first call: an age in a report is then at most one
 * turn too long. The turn number also tells a call that settled in the turn it was made (zeromq.js
 * resolved it at once) from one that waited for the poller. The turn ends in an unref'd
 * setImmediate, so it never keeps a program alive.
 */
import { setImmediate } from "node:timers";

let fresh = false;
let clock = 0;
let turn = 0;

function endTurn(): void {
  fresh = false;
  turn++;
}

/** The time of this turn's first call (performance.now() scale). */
export function turnTime(): number {
  if (!fresh) {
    fresh = true;
    clock = performance.now();
    const immediate = setImmediate(endTurn) as { unref?: () => unknown };
    immediate.unref?.();
  }
  return clock;
}

/** The current turn's number (it changes only after a turn in which turnTime() was called). */
export function currentTurn(): number {
  return turn;
}
