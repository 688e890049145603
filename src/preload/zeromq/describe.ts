/**
 * How a socket, a Context or a Proxy reads in a report: one line for people (the issue's
 * `Subscriber created at app.mjs:12:15, connected tcp://..., receive pending 2.0 s (app.mjs:18:30),
 * never closed`) and the same facts as JSON.
 */
import { resolveSite, siteText } from "./call-site.ts";
import { pendingCall } from "./io-slot.ts";
import { callSiteText, opName } from "./op-text.ts";
import type { OtherRecord, PendingOp, SocketRecord } from "./records.ts";

/** The worker thread this code runs in (0: the main thread). */
let threadId = 0;

/** Sets the thread id shown on every record described from now on. */
export function setThreadId(id: number): void {
  threadId = id;
}

/** "350 ms" or "2.0 s". */
export function age(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

// A worker's state is read by the main thread later than it is written: its ages are left as
// marks of the start time, which the reader turns into ages (ageMarksToAges).
const ageMark = (since: number) => `{{age:${Math.round(performance.timeOrigin + since)}}}`;

function opJson(op: PendingOp, now: number) {
  return {
    operation: opName(op),
    site: resolveSite(op.site)?.text ?? null,
    siteExact: op.siteExact !== false,
    pendingMs: threadId ? ageMark(op.since) : Math.round(now - op.since),
    keepsAlive: op.waits,
  };
}

function opText(op: PendingOp, now: number): string {
  const site = callSiteText(op);
  return `${opName(op)} pending ${threadId ? ageMark(op.since) : age(now - op.since)} (${site})`;
}

/** Every pending operation of a socket: its receive and send, then the others. */
export function socketOps(rec: SocketRecord): PendingOp[] {
  const out: PendingOp[] = [];
  const receive = rec.io && pendingCall(rec.io.receive);
  const send = rec.io && pendingCall(rec.io.send);
  if (receive) out.push(receive);
  if (send) out.push(send);
  return out.concat(rec.ops);
}

/** A worker's published text with its age marks turned into ages as of now (a quoted mark into milliseconds). */
export function ageMarksToAges(text: string): string {
  const nowAbs = performance.timeOrigin + performance.now();
  return text
    .replace(/"\{\{age:(\d+)\}\}"/g, (_, t: string) => String(Math.max(0, Math.round(nowAbs - Number(t)))))
    .replace(/\{\{age:(\d+)\}\}/g, (_, t: string) => age(Math.max(0, nowAbs - Number(t))));
}

/** A socket keeps the event loop alive while an operation of its waits in the poller. */
export function keepsAlive(rec: { ops: PendingOp[] }): boolean {
  return rec.ops.some((op) => op.waits);
}

/** One line for a socket still open. */
export function socketLine(rec: SocketRecord, now: number): string {
  const parts = [`${rec.cls} created at ${siteText(rec.created)}`];
  for (const ep of rec.endpoints) parts.push(`${ep.how === "bind" ? "bound" : "connected"} ${ep.address}`);
  if (rec.endpointsOmitted) parts.push(`${rec.endpointsOmitted} more endpoints`);
  const ops = socketOps(rec);
  for (const op of ops) parts.push(opText(op, now));
  parts.push("never closed");
  if (keepsAlive({ ops })) parts.push("keeps the event loop alive");
  const line = parts.join(", ");
  return threadId ? `worker ${threadId}: ${line}` : line;
}

/** The facts of a socket still open. */
export function socketJson(rec: SocketRecord, now: number) {
  return {
    id: rec.id,
    class: rec.cls,
    worker: threadId,
    created: resolveSite(rec.created)?.text ?? null,
    endpoints: rec.endpoints.map((ep) => ({
      how: ep.how,
      address: ep.address,
      site: resolveSite(ep.site)?.text ?? null,
    })),
    pending: socketOps(rec).map((op) => opJson(op, now)),
    keepsAlive: keepsAlive({ ops: socketOps(rec) }),
    line: socketLine(rec, now),
  };
}

/** The facts of a Context or Proxy. */
export function otherJson(rec: OtherRecord, now: number) {
  const line = [
    `${rec.cls} created at ${siteText(rec.created)}`,
    ...rec.ops.map((op) => opText(op, now)),
    ...(rec.terminated ? ["terminated"] : []),
    ...(keepsAlive(rec) ? ["keeps the event loop alive"] : []),
  ].join(", ");
  return {
    id: rec.id,
    class: rec.cls,
    worker: threadId,
    created: resolveSite(rec.created)?.text ?? null,
    pending: rec.ops.map((op) => opJson(op, now)),
    keepsAlive: keepsAlive(rec),
    line: threadId ? `worker ${threadId}: ${line}` : line,
  };
}
