/**
 * What the instrumentation knows of the program's zeromq.js objects: open sockets with their
 * endpoints and pending operations, Contexts and Proxies. Bounded: at most `limits` of each are
 * kept, the rest only counted, so a program that makes sockets without end cannot grow it.
 * A closed socket is forgotten; so is one the program dropped and the collector took.
 */
import { promiseState } from "../promise-state.ts";
import type { CallSite } from "./call-site.ts";
import type { EndpointRecord, OtherRecord, PendingOp, SocketRecord } from "./records.ts";

/** How many of each thing are kept. */
export const limits = {
  sockets: 1000,
  endpointsPerSocket: 16,
  opsPerSocket: 8,
  contexts: 100,
  proxies: 100,
};

let nextId = 1;
let changed: (() => void) | undefined;

/** Called whenever a socket opens or closes (a worker republishes its state). */
export function onSocketsChange(listener: () => void): void {
  changed = listener;
}
/** Open sockets, in creation order. */
export const openSockets = new Set<SocketRecord>();
/** Contexts and Proxies, in creation order (bounded). */
export const others: OtherRecord[] = [];
/**
 * Sockets closed with a receive or send pending or rejected (closing rejects a pending one, and
 * the runtime reports it unhandled afterwards, so its origin is still looked up), newest last,
 * at most `limits.sockets`.
 */
export const recentlyClosed: SocketRecord[] = [];
/** What was not kept or is gone. */
export const counts = { socketsCreated: 0, socketsClosed: 0, socketsUntracked: 0, othersUntracked: 0 };

/** A record for a new socket, or undefined past the bound (the socket is then only counted). */
export function addSocket(cls: string, created: CallSite): SocketRecord | undefined {
  counts.socketsCreated++;
  if (openSockets.size >= limits.sockets) {
    counts.socketsUntracked++;
    return undefined;
  }
  const rec: SocketRecord = {
    id: nextId++,
    cls,
    created,
    endpoints: [],
    endpointsOmitted: 0,
    ops: [],
    opsOmitted: 0,
    closed: false,
  };
  openSockets.add(rec);
  changed?.();
  return rec;
}

/** The socket is closed (or was collected): it leaves the open set. */
export function closeSocket(rec: SocketRecord): void {
  if (rec.closed) return;
  rec.closed = true;
  counts.socketsClosed++;
  openSockets.delete(rec);
  if (hasPendingCall(rec)) {
    recentlyClosed.push(rec);
    if (recentlyClosed.length > limits.sockets) recentlyClosed.shift();
  }
  changed?.();
}

function hasPendingCall(rec: SocketRecord): boolean {
  try {
    return [rec.io?.receive.original, rec.io?.send.original].some((p) => p && promiseState(p) !== "fulfilled");
  } catch {
    return false;
  }
}

/** Forgets an endpoint the socket unbound or disconnected. */
export function removeEndpoint(rec: SocketRecord, how: "bind" | "connect", address: string): void {
  const i = rec.endpoints.findIndex((ep) => ep.how === how && ep.address === address);
  if (i >= 0) rec.endpoints.splice(i, 1);
}

/** Records an endpoint, within the bound. */
export function addEndpoint(rec: SocketRecord, ep: EndpointRecord): void {
  if (rec.endpoints.length < limits.endpointsPerSocket) rec.endpoints.push(ep);
  else rec.endpointsOmitted++;
}

/** A Context or Proxy record, or undefined past the bound. */
export function addOther(cls: "Context" | "Proxy", created: CallSite): OtherRecord | undefined {
  if (others.length >= limits.contexts + limits.proxies) {
    counts.othersUntracked++;
    return undefined;
  }
  const rec: OtherRecord = { id: nextId++, cls, created, ops: [], terminated: false };
  others.push(rec);
  return rec;
}

/** Starts a pending operation on `rec`; returns false past the bound (it is then only counted). */
export function startOp(rec: { ops: PendingOp[]; opsOmitted?: number }, op: PendingOp): boolean {
  if (rec.ops.length >= limits.opsPerSocket) {
    if (rec.opsOmitted !== undefined) rec.opsOmitted++;
    return false;
  }
  rec.ops.push(op);
  return true;
}

/** Ends a pending operation. */
export function endOp(rec: { ops: PendingOp[] }, op: PendingOp): void {
  const i = rec.ops.indexOf(op);
  if (i >= 0) rec.ops.splice(i, 1);
}
