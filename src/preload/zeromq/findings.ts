/**
 * The findings and notes the zeromq.js instrumentation sends on the side channel, bounded: the
 * first few of each kind go out at once (so that they survive a program that dies right after),
 * the rest are counted and go out as one finding when the program exits. A lost message is
 * carried in `detail.lostMessages`, so that the counts of every finding add up to the total.
 */
import { emit } from "../channel.ts";

/** The kinds of finding this instrumentation reports. */
export type FindingKind = "concurrent-operation" | "abandoned-receive" | "worker-terminated-pending";

const perKind = 10;
const sent = new Map<FindingKind, number>();
const held = new Map<FindingKind, { count: number; lostMessages: number }>();
const saidOnce = new Set<string>();

/** Reports one finding (or counts it past the first few of its kind). */
export function reportFinding(kind: FindingKind, message: string, detail: Record<string, unknown>): void {
  const n = sent.get(kind) ?? 0;
  if (n < perKind) {
    sent.set(kind, n + 1);
    emit({ t: "finding", kind, message, detail });
    return;
  }
  const h = held.get(kind) ?? { count: 0, lostMessages: 0 };
  h.count++;
  h.lostMessages += typeof detail.lostMessages === "number" ? detail.lostMessages : 0;
  held.set(kind, h);
}

/** Sends what was held back: one finding per kind, with its count. */
export function flushFindings(): void {
  for (const [kind, h] of held) {
    const detail: Record<string, unknown> = { count: h.count };
    if (h.lostMessages) detail.lostMessages = h.lostMessages;
    emit({ t: "finding", kind, message: `${h.count} more ${kind} findings like the ${perKind} above`, detail });
  }
  held.clear();
}

/** Sends a note once per distinct text. */
export function noteOnce(text: string): void {
  if (saidOnce.has(text)) return;
  saidOnce.add(text);
  emit({ t: "note", text });
}

/** The messages the findings of a run say were lost (the sum of `detail.lostMessages`), or null when none say so. */
export function lostMessagesOf(findings: Array<{ detail?: unknown }>): number | null {
  let lost: number | null = null;
  for (const f of findings) {
    const n = (f.detail as { lostMessages?: unknown } | undefined)?.lostMessages;
    if (typeof n === "number" && n > 0) lost = (lost ?? 0) + n;
  }
  return lost;
}
