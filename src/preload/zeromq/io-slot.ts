/**
 * The receive and send calls of one socket: the hot path, so nothing is allocated per call but
 * the promise the program gets (see operations.ts for why there must be one). zeromq.js allows
 * one pending receive and one pending send per socket, so one slot of each, counting calls and
 * settlements, is enough to say what is pending. A stack is captured (several microseconds in a
 * busy program: the dearest part of the bookkeeping, so it is rationed) on a socket's first call
 * of the kind, and then on the first call of a turn (which includes every call after one that
 * had to wait) once `sampleMs` have passed since the slot's last capture: every call of an idle
 * socket has its exact site, and a busy socket that stops has one at most `sampleMs` old. Within
 * one long turn, one call in `sampleEvery` is captured too. A call whose own stack was not
 * captured is shown with the last site captured, marked as last seen.
 */
import { type CallSite, captureSite } from "./call-site.ts";
import { abandoned, contextText, type Owner, tagReason } from "./operations.ts";
import type { PendingOp, RaceMark } from "./registry.ts";
import { currentTurn, turnTime } from "./turn-clock.ts";

const sampleEvery = 4096;
const sampleMs = 10;
const siteDepth = 8;

/** One socket's receive (or send) calls. */
export interface IoSlot {
  kind: "receive" | "send";
  calls: number;
  settled: number;
  /** Of the latest call: when, and in which turn (a call that settles in a later turn waited). */
  since: number;
  turn: number;
  /** When the slot's latest stack was captured (turn-clock time). */
  capturedAt: number;
  site: CallSite | undefined;
  siteExact: boolean;
  promise: Promise<unknown> | undefined;
  races: RaceMark[] | undefined;
  sinceCapture: number;
  waited: boolean;
  /** The latest call's site went out to the main thread (a worker's first and waited calls). */
  published: boolean;
  ok: (value: unknown) => unknown;
  fail: (reason: unknown) => never;
}

let captured: (() => void) | undefined;

/** Called when a call or its settlement changes what an exactly-sited pending call says (a worker republishes). */
export function onCapturedChange(listener: () => void): void {
  captured = listener;
}

/** The latest call as a pending operation, while it is pending. */
export function pendingCall(slot: IoSlot): PendingOp | undefined {
  if (slot.calls <= slot.settled) return undefined;
  return { kind: slot.kind, since: slot.since, site: slot.site, waits: true, siteExact: slot.siteExact };
}

/** A slot for `owner`'s calls of `kind`. */
export function makeSlot(owner: Owner, kind: "receive" | "send"): IoSlot {
  const slot: IoSlot = {
    kind,
    calls: 0,
    settled: 0,
    since: 0,
    turn: -1,
    capturedAt: 0,
    site: undefined,
    siteExact: false,
    promise: undefined,
    races: undefined,
    sinceCapture: 0,
    waited: false,
    published: false,
    ok(value) {
      slot.settled++;
      slot.waited = slot.turn !== currentTurn();
      if (slot.published) captured?.();
      if (slot.races && slot.races.every((r) => r.settled)) {
        abandoned(owner, { kind, since: slot.since, site: slot.site, waits: true, siteExact: slot.siteExact });
      }
      return value;
    },
    fail(reason) {
      slot.settled++;
      slot.waited = slot.turn !== currentTurn();
      if (slot.published) captured?.();
      const op: PendingOp = { kind, since: slot.since, site: slot.site, waits: true, siteExact: slot.siteExact };
      tagReason(reason, () => contextText(owner, op));
      throw reason;
    },
  };
  return slot;
}

/** Records a call whose promise zeromq.js returned, and gives the program its promise. */
export function callMade(slot: IoSlot, promise: Promise<unknown>): Promise<unknown> {
  slot.calls++;
  if (slot.races !== undefined) slot.races = undefined;
  // The common case, kept to a few field reads: another call in the turn of this slot's last
  // one (so `since` stays right and the turn's clock was read), which settled at once, and no
  // sample due. A slot's first call never matches: its turn starts at -1.
  if (slot.turn === currentTurn() && !slot.waited && ++slot.sinceCapture < sampleEvery) {
    slot.siteExact = false;
    slot.published = false;
    return (slot.promise = promise.then(slot.ok, slot.fail));
  }
  const time = turnTime();
  slot.since = time;
  slot.turn = currentTurn();
  const telling = slot.calls === 1 || slot.waited;
  if (slot.calls === 1 || slot.sinceCapture >= sampleEvery || time - slot.capturedAt >= sampleMs) {
    slot.site = captureSite(siteDepth);
    slot.sinceCapture = 0;
    slot.capturedAt = time;
    slot.siteExact = true;
  } else {
    slot.siteExact = false;
  }
  slot.published = telling;
  if (telling) captured?.();
  return (slot.promise = promise.then(slot.ok, slot.fail));
}
