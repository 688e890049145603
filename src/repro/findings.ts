/** A run's findings in words: for the human table's notes and for JUnit failure messages. */
import type { RunResult } from "./run-result.ts";

const symptomWords: Record<string, string> = {
  unhandledRejections: "unhandled rejections",
  hangs: "a hang",
  lostMessages: "lost messages",
  crashes: "a crash",
};

/** What a form was expected to show, in words. */
export function expectationText(r: RunResult): string {
  const e = r.details.expected;
  return e === "clean" ? "no findings" : e.map((s) => symptomWords[s] ?? s).join(" and ");
}

/** One line per finding, most telling first. */
export function findingLines(r: RunResult): string[] {
  const d = r.details;
  const out: string[] = [];
  if (d.crash) {
    out.push(`crash (${d.crash.signal}) during ${d.crash.phase}${d.crash.line ? `: ${d.crash.line}` : ""}`);
  }
  if (d.hang) {
    const h = d.hang;
    const why = h.reason === "deadlock"
      ? `${h.phase} could never finish: the event loop emptied while it waited`
      : `${h.phase} did not finish within its ${h.deadlineMs} ms deadline (killed after ${h.elapsedMs} ms)`;
    out.push(`hang: ${why}`);
    const pending = h.pending.map((p) => `${p.owner} ${p.operation} (pending ${p.pendingMs} ms)`);
    out.push(pending.length ? `  pending: ${pending.join("; ")}` : "  pending: nothing the registry knows of");
    if (h.sockets.length) out.push(`  open sockets: ${h.sockets.map((s) => s.label).join(", ")}`);
  }
  if (r.unhandledRejections) {
    const first = d.rejections[0];
    out.push(
      `${r.unhandledRejections} unhandled rejection${r.unhandledRejections === 1 ? "" : "s"}${
        first ? `, first: ${first}` : ""
      }`,
    );
  }
  if (r.lostMessages) {
    out.push(`${r.lostMessages} of ${d.sent} messages lost (sent, never processed): ${d.lostRanges.join(", ")}`);
  }
  for (const e of d.errors) out.push(`error in ${e.phase}: ${e.message}`);
  return out;
}

/** Why a run failed, in a few lines: what was expected, then what was seen. */
export function failureText(r: RunResult): string {
  const seen = findingLines(r);
  const head = r.variant === "buggy"
    ? `expected ${expectationText(r)} (the documented failure), but it did not reproduce`
    : "expected no findings from the fixed form";
  return [head, ...(seen.length ? seen : ["nothing was seen"])].join("\n");
}

/** Why an interrupted run has no verdict. */
export function interruptedText(r: RunResult): string {
  return `interrupted: repro was stopped by ${
    r.details.interruptedBy ?? "a signal"
  } while this run went on (${r.durationMs} ms in); no verdict`;
}
