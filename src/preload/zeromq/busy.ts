/**
 * EBUSY: a second receive (or send) on a socket while one is pending. zeromq.js throws it at
 * once, so it is seen where it happens, with both call sites, whether the program catches it or
 * not: a `concurrent-operation` finding, and the error tagged for the unhandled-rejection report.
 */
import { tagReason } from "../rejection-context.ts";
import { captureSite, siteText } from "./call-site.ts";
import { reportFinding } from "./findings.ts";
import { pendingCall } from "./io-slot.ts";
import { calledText, contextText, opName } from "./op-text.ts";
import type { IoSlot, PendingOp, SocketRecord } from "./records.ts";

const siteDepth = 9;

function isBusy(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "EBUSY";
}

function reportBusy(rec: SocketRecord, slot: IoSlot, error: unknown): void {
  const pending: PendingOp | undefined = pendingCall(slot);
  const failed: PendingOp = { kind: slot.kind, since: performance.now(), site: captureSite(siteDepth), waits: false };
  const created = siteText(rec.created);
  const before = pending ? `the ${calledText(pending)} was still pending` : `another ${slot.kind} was still pending`;
  reportFinding(
    "concurrent-operation",
    `${rec.cls} created at ${created}: ${opName(failed)} called at ${
      siteText(failed.site)
    } while ${before} (EBUSY: one ${slot.kind} at a time per socket)`,
    {
      socket: rec.cls,
      created,
      operation: opName(failed),
      site: siteText(failed.site),
      pendingSite: pending ? siteText(pending.site) : null,
    },
  );
  tagReason(error, () => `${contextText(rec, failed)}, while ${before}`);
}

/** What a receive or send threw at once: reported when it is EBUSY. Never throws. */
export function thrownAtCall(rec: SocketRecord, slot: IoSlot, error: unknown): void {
  if (!isBusy(error)) return;
  try {
    reportBusy(rec, slot, error);
  } catch {
    // never throw into the program: its own EBUSY goes on
  }
}
