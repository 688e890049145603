/**
 * What a promise has come to, read without attaching a handler to it: attaching one would mark
 * it handled, and so hide the program's own unhandled rejection of it. node:util's inspect
 * (the same on Node, Deno and Bun) is the one portable way to see a promise's state
 * synchronously; it costs a few microseconds, so it is read only when a report needs it, never
 * per call.
 */
import { inspect } from "node:util";

/** The state of a native promise. */
export type PromiseState = "pending" | "fulfilled" | "rejected";

const options = { depth: 0, customInspect: false, showProxy: false, getters: false } as const;
/** The runtime's own Promise, taken when the preload loads, before the program could replace the global. */
export const NativePromise = Promise;

/** Whether `x` is a native promise (of any realm's class derived from this one's). */
export function isNativePromise(x: unknown): x is Promise<unknown> {
  return x instanceof NativePromise;
}

/** Whether `promise` is pending, fulfilled or rejected, as of now (anything not a promise: fulfilled). */
export function promiseState(promise: unknown): PromiseState {
  if (!isNativePromise(promise)) return "fulfilled";
  const text = inspect(promise, options);
  const body = text.slice(text.indexOf("{") + 1).trimStart();
  if (body.startsWith("<pending>")) return "pending";
  if (body.startsWith("<rejected>")) return "rejected";
  return "fulfilled";
}

const markKey = Symbol("zmqdiag.mark");
let marks = 0;

/**
 * The first of `promises` that was rejected with this very `reason` (the object, not an equal
 * one): the reason is marked for the time of the call with a property that only the inspection
 * sees, and the marker is gone when this returns. A reason that is not an extensible object
 * matches none.
 */
export function rejectedWith<T extends Promise<unknown>>(promises: Iterable<T>, reason: unknown): T | undefined {
  if (typeof reason !== "object" || reason === null || !Object.isExtensible(reason)) return undefined;
  const mark = `zmqdiag-mark-${process.pid}-${++marks}-${Math.random().toString(36).slice(2)}`;
  try {
    Object.defineProperty(reason, markKey, { value: mark, enumerable: true, configurable: true });
  } catch {
    return undefined;
  }
  try {
    for (const p of promises) {
      if (promiseState(p) === "rejected" && inspect(p, { ...options, depth: 1 }).includes(mark)) return p;
    }
    return undefined;
  } finally {
    delete (reason as Record<symbol, unknown>)[markKey];
  }
}
