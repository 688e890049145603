/**
 * A socket's bind, unbind, connect and disconnect as the instrumented class makes them: each
 * calls the original (given as `call`), records the endpoint, and returns what the original
 * returned (a promise that settles the same way, see operations.ts) or throws what it threw.
 */
import { captureSite } from "./call-site.ts";
import { follow } from "./operations.ts";
import type { SocketRecord } from "./records.ts";
import { addEndpoint, removeEndpoint } from "./registry.ts";

const siteDepth = 9;

/** A bind: once it succeeds, the endpoint it bound (the port the OS chose, for a port 0 or `*`). */
export function bindCall(
  rec: SocketRecord,
  address: unknown,
  lastEndpoint: () => string | null,
  call: () => unknown,
): unknown {
  const site = captureSite(siteDepth);
  const promise = call();
  if (!(promise instanceof Promise)) return promise;
  promise.then(() => {
    let actual = String(address);
    try {
      if (/:(0|\*)$/.test(actual)) actual = lastEndpoint() ?? actual;
    } catch {
      // keep the address as given
    }
    addEndpoint(rec, { how: "bind", address: actual, site });
  }).catch(() => {});
  return follow(rec, { kind: "bind", since: performance.now(), site, waits: false }, promise);
}

/** An unbind: the endpoint is forgotten once it succeeds. */
export function unbindCall(rec: SocketRecord, address: unknown, call: () => unknown): unknown {
  const site = captureSite(siteDepth);
  const promise = call();
  if (!(promise instanceof Promise)) return promise;
  promise.then(() => removeEndpoint(rec, "bind", String(address)), () => {});
  return follow(rec, { kind: "unbind", since: performance.now(), site, waits: false }, promise);
}

/** A connect (synchronous in zeromq.js): recorded once it did not throw. */
export function connectCall(rec: SocketRecord | undefined, address: unknown, call: () => unknown): unknown {
  const result = call();
  if (rec) addEndpoint(rec, { how: "connect", address: String(address), site: captureSite(siteDepth) });
  return result;
}

/** A disconnect: the endpoint is forgotten once it did not throw. */
export function disconnectCall(rec: SocketRecord | undefined, address: unknown, call: () => unknown): unknown {
  const result = call();
  if (rec) removeEndpoint(rec, "connect", String(address));
  return result;
}
