/**
 * Follows one call's promise: the operation is pending until it settles, a rejection's reason
 * carries the socket and the call site (rejection-context.ts). The program
 * gets a promise that settles as the original one does, with the same value or reason, one
 * microtask later: observing the original in place would mark it handled, and so hide the
 * program's own unhandled rejections. Receive and send, the hot path, use io-slot.ts instead.
 */
import { tagReason } from "../rejection-context.ts";
import { resolveSite } from "./call-site.ts";
import { reportFinding } from "./findings.ts";
import { contextText, opName } from "./op-text.ts";
import type { Owner, PendingOp } from "./records.ts";
import { endOp, startOp } from "./registry.ts";

let changed: (() => void) | undefined;

/** Called whenever an operation that waits starts or ends (a worker republishes its state). */
export function onWaitChange(listener: () => void): void {
  changed = listener;
}

/** A receive resolved after every race it was in had been settled by another entrant: its message is lost. */
export function abandoned(owner: Owner, op: PendingOp): void {
  const created = resolveSite(owner.created)?.text ?? null;
  const site = resolveSite(op.site)?.text ?? null;
  reportFinding(
    "abandoned-receive",
    `${owner.cls} created at ${created ?? "an unknown place"}: the ${opName(op)} called at ${
      site ?? "an unknown place"
    } resolved with a message after the program stopped waiting for it (every race it was in had been settled by another entrant): the message is lost, unless the program awaited this same promise again`,
    { socket: owner.cls, created, site, lostMessages: 1 },
  );
}

/** The promise the program gets for `promise`, with `op` pending on `owner` until it settles. */
export function follow<T>(owner: Owner, op: PendingOp, promise: Promise<T>): Promise<T> {
  if (!startOp(owner, op)) return promise;
  if (op.waits) changed?.();
  const p = promise.then(
    (value) => {
      endOp(owner, op);
      if (op.waits) changed?.();
      return value;
    },
    (reason: unknown) => {
      endOp(owner, op);
      if (op.waits) changed?.();
      tagReason(reason, () => contextText(owner, op));
      throw reason;
    },
  );
  return p;
}
