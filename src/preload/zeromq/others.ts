/**
 * Contexts, Proxies and Observers. A Context can be made by the addon itself (the global
 * `zmq.context`), so it is not subclassed (that would break `instanceof` and the options
 * zeromq.js defines on its prototype): its constructor is wrapped in a JS Proxy whose prototype
 * is the original one. A zeromq.js Proxy gets the same, and its `run` is followed until it ends.
 * An Observer's `receive` is followed as the `events` operation of its socket.
 */
import { captureSite, resolveSite } from "./call-site.ts";
import { follow } from "./operations.ts";
import { addOther, type OtherRecord } from "./registry.ts";
import { observerOwners, observerSites } from "./socket-class.ts";

// deno-lint-ignore no-explicit-any
type AnyClass = new (...args: any[]) => any;

const siteDepth = 8;
const records = new WeakMap<object, OtherRecord>();

/** `Native` with its constructions recorded as `cls`. */
export function recordConstruction(Native: AnyClass, cls: "Context" | "Proxy"): AnyClass {
  return new Proxy(Native, {
    construct(target, args, newTarget) {
      const made = Reflect.construct(target, args, newTarget);
      try {
        const rec = addOther(cls, captureSite(siteDepth));
        if (rec) records.set(made, rec);
      } catch {
        // never throw into the program
      }
      return made;
    },
  });
}

function replaceMethod(proto: Record<string, unknown>, name: string, make: (original: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown): void {
  const desc = Object.getOwnPropertyDescriptor(proto, name);
  if (!desc || typeof desc.value !== "function" || !desc.configurable) return;
  Object.defineProperty(proto, name, { ...desc, value: make(desc.value as (...a: unknown[]) => unknown) });
}

/** Follows a zeromq.js Proxy's `run` (pending until it ends) and marks `terminate`. */
export function instrumentProxy(proto: Record<string, unknown>): void {
  replaceMethod(proto, "run", (original) => function run(this: object, ...args: unknown[]) {
    const result = original.apply(this, args);
    const rec = records.get(this);
    if (!rec || !(result instanceof Promise)) return result;
    return follow(rec, { kind: "run", since: performance.now(), site: captureSite(siteDepth), waits: true }, result);
  });
  replaceMethod(proto, "terminate", (original) => function terminate(this: object, ...args: unknown[]) {
    const result = original.apply(this, args);
    const rec = records.get(this);
    if (rec) rec.terminated = true;
    return result;
  });
}

/** Follows an Observer's `receive` as its socket's `events` operation. */
export function instrumentObserver(proto: Record<string, unknown>): void {
  replaceMethod(proto, "receive", (original) => function receive(this: object, ...args: unknown[]) {
    const result = original.apply(this, args);
    const rec = observerOwners.get(this);
    if (!rec || !(result instanceof Promise)) return result;
    let site = observerSites.get(this);
    if (!site) {
      const first = captureSite(siteDepth + 4);
      if (resolveSite(first)) observerSites.set(this, (site = first));
    }
    return follow(rec, { kind: "events", since: performance.now(), site, waits: true }, result);
  });
}
