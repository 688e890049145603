/**
 * Sees a receive raced against something else (`Promise.race`, `Promise.any`), so that a
 * receive whose message goes to no race can be counted as an abandoned receive (its message is
 * lost: the recv-string cancel race, in JavaScript). Only a race with a receive of a tracked
 * socket among its entrants is touched (the socket's latest receive, pending, or fulfilled and
 * never raced before: a message already waiting). Each entrant is followed by one promise that
 * marks the race settled by it, which delays the race's own settlement by one microtask and
 * changes nothing else: same entrants taken in the same order, same winner, same value or
 * reason, the same error for what is not iterable or throws while iterated.
 *
 * A receive's follower runs when the receive resolves, in the order its races were entered: a
 * race that another entrant had settled by then did not take its message. When every race it
 * was entered in had been settled by others, the message went nowhere the preload can see.
 */
import { isNativePromise, NativePromise, promiseState } from "../promise-state.ts";
import { givenPromise, latestCall } from "./io-slot.ts";
import { abandoned } from "./operations.ts";
import type { IoSlot, PendingOp, RaceMark } from "./records.ts";
import { openSockets } from "./registry.ts";

/** A receive's races: how many it was entered in, how many have seen it resolve, how many it lost. */
interface Entered {
  races: number;
  judged: number;
  lost: number;
  slot: IoSlot;
  op: PendingOp;
}

const entered = new WeakMap<Promise<unknown>, Entered>();

/** The receive slot whose latest call gave the program `value`, if it may still give a message to a race. */
function raceableReceive(value: unknown): IoSlot | undefined {
  if (!isNativePromise(value)) return undefined;
  for (const rec of openSockets) {
    const slot = rec.io?.receive;
    if (!slot || givenPromise(slot) !== value || !slot.original) continue;
    const state = promiseState(slot.original);
    if (state === "pending") return slot;
    if (state === "fulfilled" && !entered.has(value)) return slot;
    return undefined;
  }
  return undefined;
}

function enter(slot: IoSlot): Entered {
  const given = givenPromise(slot) as Promise<unknown>;
  let e = entered.get(given);
  if (!e) entered.set(given, e = { races: 0, judged: 0, lost: 0, slot, op: latestCall(slot) });
  e.races++;
  return e;
}

/** The receive resolved and this race's follower saw it: did another entrant settle the race first? */
function judge(e: Entered, mark: RaceMark, index: number): void {
  e.judged++;
  if (mark.settledBy !== index) e.lost++;
  if (e.judged === e.races && e.lost === e.races) abandoned(e.slot.owner, e.op);
}

/** The entrants of `values`, as the native race would take them; `thrown` if iterating threw. */
function collect(values: Iterable<unknown>): { items: unknown[]; thrown?: { error: unknown } } {
  const items: unknown[] = [];
  try {
    for (const v of values) items.push(v);
  } catch (error) {
    return { items, thrown: { error } };
  }
  return { items };
}

/** The entrants as the combinator is to take them: what was taken, then the same error if iterating threw. */
function asTaken(items: unknown[], thrown: { error: unknown } | undefined): Iterable<unknown> {
  if (!thrown) return items;
  return (function* () {
    yield* items;
    throw thrown.error;
  })();
}

type Combinator = (this: PromiseConstructor, values: Iterable<unknown>) => Promise<unknown>;

function wrap(original: Combinator, settlesOnReject: boolean): Combinator {
  return function (this: PromiseConstructor, values: Iterable<unknown>) {
    const iterable = values !== null && values !== undefined &&
      typeof (values as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
    if (this !== NativePromise || openSockets.size === 0 || !iterable) return original.call(this, values);
    const { items, thrown } = collect(values);
    const slots = items.map(raceableReceive);
    if (!slots.some((slot) => slot)) return original.call(this, asTaken(items, thrown));
    const mark: RaceMark = { settledBy: -1 };
    const followed = items.map((item, i) => {
      const e = slots[i] ? enter(slots[i]) : undefined;
      return NativePromise.resolve(item).then(
        (v) => {
          if (mark.settledBy < 0) mark.settledBy = i;
          if (e) judge(e, mark, i);
          return v;
        },
        (reason: unknown) => {
          if (settlesOnReject && mark.settledBy < 0) mark.settledBy = i;
          throw reason;
        },
      );
    });
    return original.call(this, asTaken(followed, thrown));
  };
}

let installed = false;

/** Wraps Promise.race and Promise.any, once; their names and lengths stay the same. */
export function watchRaces(): void {
  if (installed) return;
  installed = true;
  for (const [name, settlesOnReject] of [["race", true], ["any", false]] as const) {
    const original = NativePromise[name] as Combinator;
    if (typeof original !== "function") continue;
    const wrapped = wrap(original, settlesOnReject);
    Object.defineProperty(wrapped, "name", { value: name });
    const desc = Object.getOwnPropertyDescriptor(NativePromise, name);
    Object.defineProperty(NativePromise, name, { ...desc, value: wrapped });
  }
}
