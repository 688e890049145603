/**
 * The shapes of what the instrumentation records of the program's zeromq.js objects: sockets,
 * their endpoints and calls, Contexts and Proxies. Types only, imported by every part.
 */
import type { CallSite } from "./call-site.ts";

/** The operations whose pending state is tracked. */
export type OpKind = "receive" | "send" | "bind" | "unbind" | "events" | "run";

/** A race (Promise.race/any) a receive took part in: settled once any entrant settled it. */
export interface RaceMark {
  /** The index of the entrant that settled it (-1: not settled yet). */
  settledBy: number;
}

/** One pending call. `waits`: it went to the poller, so it can keep the event loop alive. */
export interface PendingOp {
  kind: OpKind;
  since: number;
  site: CallSite | undefined;
  /** False: the call's own stack was not captured, `site` is where this socket's last such call was seen. */
  siteExact?: boolean;
  waits: boolean;
}

/** One endpoint a socket bound or connected. */
export interface EndpointRecord {
  how: "bind" | "connect";
  address: string;
  site: CallSite;
}

/** One socket of the program. */
export interface SocketRecord {
  id: number;
  cls: string;
  created: CallSite;
  endpoints: EndpointRecord[];
  endpointsOmitted: number;
  /** Receive and send (set by the socket class right after the record is made). */
  io?: { receive: IoSlot; send: IoSlot };
  /** Bind, unbind, events. */
  ops: PendingOp[];
  opsOmitted: number;
  closed: boolean;
}

/** A Context or a Proxy of the program. */
export interface OtherRecord {
  id: number;
  cls: "Context" | "Proxy";
  created: CallSite;
  ops: PendingOp[];
  terminated: boolean;
}

/** What an operation belongs to: a socket, a Context or a Proxy record. */
export interface Owner {
  cls: string;
  created: CallSite;
  ops: PendingOp[];
  opsOmitted?: number;
}

/** One socket's receive (or send) calls. */
export interface IoSlot {
  owner: Owner;
  kind: "receive" | "send";
  calls: number;
  /** When the latest call was made (coarse-clock time). */
  since: number;
  /** When the slot's latest stack was captured (coarse-clock time). */
  capturedAt: number;
  site: CallSite | undefined;
  siteExact: boolean;
  /** zeromq.js's promise of the latest call: its state says whether that call is pending. */
  original: Promise<unknown> | undefined;
  /**
   * The call before (its promise, and whether its own site was captured): a rejection of it may
   * be reported only after the program made the next call. Its site is `site` when the latest
   * call did not capture one (`siteExact` false), else `siteBefore`, the site the capture replaced.
   */
  previous: Promise<unknown> | undefined;
  previousSiteExact: boolean;
  siteBefore: CallSite | undefined;
  /** In a worker, the promise of ours the program got for the latest call (elsewhere it got `original`). */
  given: Promise<unknown> | undefined;
  sinceCapture: number;
}
