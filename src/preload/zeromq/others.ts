/**
 * Contexts, Proxies and Observers. A Context can be made by the addon itself (the global
 * `zmq.context`), so it is not subclassed (that would break `instanceof` and the options
 * zeromq.js defines on its prototype): its constructor is wrapped in a JS Proxy whose prototype
 * is the original one. A zeromq.js Proxy gets the same. The addon's Proxy and Observer methods
 * cannot be redefined on their prototypes (they are not configurable), so `run`, `terminate`
 * and an Observer's `receive` are wrapped on each instance, as own properties that can still be
 * redefined (zeromq.js's own event-emitter mode redefines `receive`).
 */
import { type CallSite, captureSite, resolveSite } from "./call-site.ts";
import { follow } from "./operations.ts";
import type { OtherRecord, SocketRecord } from "./records.ts";
import { addOther } from "./registry.ts";

// deno-lint-ignore no-explicit-any
type AnyClass = new (...args: any[]) => any;
type Method = (...args: unknown[]) => unknown;

const siteDepth = 8;

function wrapOwn(target: object, name: string, make: (original: Method) => Method): void {
  const original = (target as Record<string, unknown>)[name];
  if (typeof original !== "function") return;
  Object.defineProperty(target, name, {
    value: make(original as Method),
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

function watchProxy(proxy: object, rec: OtherRecord): void {
  wrapOwn(proxy, "run", (original) =>
    function run(this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args);
      return result instanceof Promise
        ? follow(rec, { kind: "run", since: performance.now(), site: captureSite(siteDepth), waits: true }, result)
        : result;
    });
  wrapOwn(proxy, "terminate", (original) =>
    function terminate(this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args);
      rec.terminated = true;
      return result;
    });
}

/** `Native` with its constructions recorded as `cls`. */
export function recordConstruction(Native: AnyClass, cls: "Context" | "Proxy"): AnyClass {
  return new Proxy(Native, {
    construct(target, args, newTarget) {
      const made = Reflect.construct(target, args, newTarget);
      try {
        const rec = addOther(cls, captureSite(siteDepth));
        if (rec && cls === "Proxy") watchProxy(made, rec);
      } catch {
        // never throw into the program
      }
      return made;
    },
  });
}

const watchedObservers = new WeakSet<object>();

/** Follows an Observer's `receive` (the socket's `events`) as its socket's `events` operation. */
export function watchObserver(observer: object, rec: SocketRecord): void {
  if (watchedObservers.has(observer)) return;
  watchedObservers.add(observer);
  // Later receives come from zeromq.js's own loop (events.on()), with no program frame: they
  // are shown with the first call's site.
  let site: CallSite | undefined;
  wrapOwn(observer, "receive", (original) =>
    function receive(this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args);
      if (!(result instanceof Promise)) return result;
      if (!site) {
        const first = captureSite(siteDepth + 4);
        if (resolveSite(first)) site = first;
      }
      return follow(rec, { kind: "events", since: performance.now(), site, waits: true }, result);
    });
}
