/**
 * Sees a pending receive raced against something else (`Promise.race`, `Promise.any`), so that a
 * receive that resolves after the race was settled by another entrant can be counted as an
 * abandoned receive (its message is lost: the recv-string cancel race, in JavaScript). Only a
 * race with a pending receive of a tracked socket among its entrants is touched: each entrant is
 * followed by one promise that marks the race settled, which delays the race's own settlement by
 * one microtask and changes nothing else (same winner, same value or reason).
 */
import { promiseState } from "../promise-state.ts";
import { latestCall } from "./io-slot.ts";
import { abandoned } from "./operations.ts";
import type { IoSlot, RaceMark } from "./records.ts";
import { openSockets } from "./registry.ts";

/** The races each pending receive (the promise the program got) has been entered in. */
const racesOf = new WeakMap<Promise<unknown>, RaceMark[]>();

/** The receive slot whose latest call, still pending, gave the program `value`. */
function pendingReceive(value: unknown): IoSlot | undefined {
  if (!(value instanceof Promise)) return undefined;
  for (const rec of openSockets) {
    const slot = rec.io?.receive;
    if (slot && slot.given === value && slot.original && promiseState(slot.original) === "pending") return slot;
  }
  return undefined;
}

/**
 * Enters a pending receive in a race. On its first race, a check is attached to it (before the
 * race's own reactions, so it runs first when the receive resolves): if every race it was in
 * had by then been settled by another entrant, nobody takes its message. The race attaches
 * handlers to it anyway, so this one changes nothing the program can see.
 */
function enter(slot: IoSlot, mark: RaceMark): void {
  const given = slot.given as Promise<unknown>;
  let marks = racesOf.get(given);
  if (!marks) {
    const all: RaceMark[] = (marks = []);
    racesOf.set(given, all);
    const op = latestCall(slot);
    given.then(() => {
      if (all.every((m) => m.settled)) abandoned(slot.owner, op);
    }, () => {});
  }
  marks.push(mark);
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
    const slots = items.map(pendingReceive);
    if (!slots.some((slot) => slot)) return original.call(this, items);
    const mark: RaceMark = { settled: false };
    for (const slot of slots) if (slot) enter(slot, mark);
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
