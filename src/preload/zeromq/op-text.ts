/** How the program's calls read in a report: the operation's name, and the call in its socket. */
import { resolveSite, siteText } from "./call-site.ts";
import type { Owner, PendingOp } from "./records.ts";

/** The operation's name as the program wrote it. */
export function opName(op: PendingOp): string {
  if (op.kind === "receive" && resolveSite(op.site)?.viaIterator) return "async iterator";
  return op.kind;
}

/**
 * Where a call was made: its own line, or for a call whose stack was not captured, the line of
 * the socket's last call of that kind that was, said as such.
 */
export function callSiteText(op: PendingOp): string {
  return op.siteExact === false
    ? `its own line not captured; this socket's last ${op.kind} was at ${siteText(op.site)}`
    : siteText(op.site);
}

/** "receive called at app.mjs:9:20", or "receive called (its own line not captured; ...)". */
export function calledText(op: PendingOp): string {
  return op.siteExact === false
    ? `${opName(op)} called (${callSiteText(op)})`
    : `${opName(op)} called at ${siteText(op.site)}`;
}

/** "Pull created at app.mjs:5:14: receive called at app.mjs:9:20". */
export function contextText(owner: Owner, op: PendingOp): string {
  return `${owner.cls} created at ${siteText(owner.created)}: ${calledText(op)}`;
}
