/**
 * Sees a pending receive raced against something else (`Promise.race`, `Promise.any`), so that a
 * receive that resolves after the race was settled by another entrant can be counted as an
 * abandoned receive (its message is lost: the recv-string cancel race, in JavaScript). Only a
 * race with a pending receive of a tracked socket among its entrants is touched: each entrant is
 * followed by one promise that marks the race settled, which delays the race's own settlement by
 * one microtask and changes nothing else (same winner, same value or reason).
 */
import type { IoSlot } from "./io-slot.ts";
import { openSockets, type RaceMark } from "./registry.ts";

/** The receive slot whose latest call, still pending, gave the program `value`. */
function pendingReceive(value: unknown): IoSlot | undefined {
  if (!(value instanceof Promise)) return undefined;
  for (const rec of openSockets) {
    const slot = rec.io?.receive;
    if (slot && slot.promise === value && slot.calls > slot.settled) return slot;
  }
  return undefined;
}

function wrap(
  original: (this: PromiseConstructor, values: Iterable<unknown>) => Promise<unknown>,
  settlesOnReject: boolean,
) {
  return function (this: PromiseConstructor, values: Iterable<unknown>) {
    if (this !== Promise || openSockets.size === 0) return original.call(this, values);
    let items: unknown[];
    try {
      items = Array.from(values);
    } catch {
      return original.call(this, values);
    }
    const ops = items.map(pendingReceive);
    if (!ops.some((op) => op)) return original.call(this, items);
    const mark: RaceMark = { settled: false };
    for (const op of ops) if (op) (op.races ??= []).push(mark);
    const settle = () => {
      mark.settled = true;
    };
    return original.call(
      this,
      items.map((item) =>
        Promise.resolve(item).then(
          (v) => (settle(), v),
          (e: unknown) => {
            if (settlesOnReject) settle();
            throw e;
          },
        )
      ),
    );
  };
}

let installed = false;

/** Wraps Promise.race and Promise.any, once; their names and lengths stay the same. */
export function watchRaces(): void {
  if (installed) return;
  installed = true;
  for (const [name, settlesOnReject] of [["race", true], ["any", false]] as const) {
    const original = Promise[name] as (this: PromiseConstructor, values: Iterable<unknown>) => Promise<unknown>;
    if (typeof original !== "function") continue;
    const wrapped = wrap(original, settlesOnReject);
    Object.defineProperty(wrapped, "name", { value: name });
    const desc = Object.getOwnPropertyDescriptor(Promise, name);
    Object.defineProperty(Promise, name, { ...desc, value: wrapped });
  }
}
