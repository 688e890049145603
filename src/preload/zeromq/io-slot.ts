/**
 * The receive and send calls of one socket: the hot path. The program gets zeromq.js's own
 * promise back, the very object, with no handler attached (a handler would mark it handled and
 * hide the program's own unhandled rejections, and a promise of ours in its place costs a
 * microtask per call): a call costs a few counters. What a promise came to is read only when a
 * report needs it (promise-state.ts): whether the latest call is still pending, and which call
 * an unhandled rejection's reason came from. zeromq.js allows one pending receive and one
 * pending send per socket, so the latest call of each kind is all there is to know.
 *
 * A stack is captured (several microseconds in a busy program: the dearest part of the
 * bookkeeping, so it is rationed) on a socket's first call of the kind, and then on the first
 * call once `sampleMs` have passed since the slot's last capture (by the coarse clock): every
 * call of an idle socket has its exact site, and a busy socket that stops has one at most
 * `sampleMs` old. One call in `sampleEvery` is captured too. A call whose own stack was not
 * captured is shown with the last site captured, marked as last seen.
 *
 * In a worker thread, whose state is published to the main thread as it changes, each call is
 * followed instead (see workers.ts): there the program gets a promise of ours.
 */
import { captureSite } from "./call-site.ts";
import { isNativePromise, promiseState } from "../promise-state.ts";
import { contextText } from "./op-text.ts";
import type { IoSlot, Owner, PendingOp } from "./records.ts";
import { coarseNow } from "./coarse-clock.ts";

const sampleEvery = 4096;
const sampleMs = 10;
const siteDepth = 8;

let follow: ((slot: IoSlot, promise: Promise<unknown>) => Promise<unknown>) | undefined;

/** From now on each call is followed by `follower` (a worker thread, which publishes its state). */
export function followCalls(follower: (slot: IoSlot, promise: Promise<unknown>) => Promise<unknown>): void {
  follow = follower;
}

/** The promise the program got for the latest call (zeromq.js's own, except in a worker). */
export function givenPromise(slot: IoSlot): Promise<unknown> | undefined {
  return slot.given ?? slot.original;
}

/** The latest call as an operation. */
export function latestCall(slot: IoSlot): PendingOp {
  return { kind: slot.kind, since: slot.since, site: slot.site, waits: true, siteExact: slot.siteExact };
}

/** The latest call, while it is pending. */
export function pendingCall(slot: IoSlot): PendingOp | undefined {
  if (!slot.original || promiseState(slot.original) !== "pending") return undefined;
  return latestCall(slot);
}

/** A slot for `owner`'s calls of `kind`. */
export function makeSlot(owner: Owner, kind: "receive" | "send"): IoSlot {
  return {
    owner,
    kind,
    calls: 0,
    since: 0,
    capturedAt: 0,
    site: undefined,
    siteExact: false,
    original: undefined,
    previous: undefined,
    previousSiteExact: false,
    siteBefore: undefined,
    given: undefined,
    sinceCapture: 0,
  };
}

/**
 * Records a call that zeromq.js did not throw from, and gives the program what it returned (a
 * promise: anything else is never pending, and is never followed). The common case is kept to a
 * few field reads: no stack is due.
 */
export function callMade(slot: IoSlot, promise: Promise<unknown>): Promise<unknown> {
  slot.calls++;
  slot.previous = slot.original;
  slot.previousSiteExact = slot.siteExact;
  slot.original = promise;
  const time = coarseNow();
  slot.since = time;
  if (slot.calls === 1 || time - slot.capturedAt >= sampleMs || ++slot.sinceCapture >= sampleEvery) {
    slot.siteBefore = slot.site;
    slot.site = captureSite(siteDepth);
    slot.sinceCapture = 0;
    slot.capturedAt = time;
    slot.siteExact = true;
  } else {
    slot.siteExact = false;
  }
  if (follow === undefined || !isNativePromise(promise)) return promise;
  return (slot.given = follow(slot, promise));
}

/** The latest call and the one before it, each with zeromq.js's promise of it. */
export function* recentCalls(slot: IoSlot): Generator<{ promise: Promise<unknown>; context: () => string }> {
  if (slot.original) yield { promise: slot.original, context: () => contextText(slot.owner, latestCall(slot)) };
  if (slot.previous) {
    // Its time is not kept: an origin names the call, not when it was made.
    const op: PendingOp = {
      ...latestCall(slot),
      site: slot.siteExact ? slot.siteBefore : slot.site,
      siteExact: slot.previousSiteExact,
    };
    yield { promise: slot.previous, context: () => contextText(slot.owner, op) };
  }
}
