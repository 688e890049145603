/** How the program's calls read in a report: the operation's name, and the call in its socket. */
import { resolveSite, siteText } from "./call-site.ts";
import type { Owner, PendingOp } from "./records.ts";

/** The operation's name as the program wrote it. */
export function opName(op: PendingOp): string {
  if (op.kind === "receive" && resolveSite(op.site)?.viaIterator) return "async iterator";
  return op.kind;
}

/** "Pull created at app.mjs:5:14: receive called at app.mjs:9:20". */
export function contextText(owner: Owner, op: PendingOp): string {
  return `${owner.cls} created at ${siteText(owner.created)}: ${opName(op)} called at ${siteText(op.site)}`;
}
