/** A command run's findings in words (table and JUnit), and the summary's count of runs per finding. */
import { plural } from "../../cli/plural.ts";
import type { CommandResult, CommandSummary } from "./command-result.ts";
import type { ThreadState } from "./process-tree.ts";
import { frameText } from "./python-stacks.ts";

const maxFrames = 6;

/** One line per finding, most telling first; stacks and pending operations indented below a hang. */
export function commandFindingLines(r: CommandResult): string[] {
  const d = r.details;
  const out: string[] = [];
  if (d.crash) {
    out.push(
      `crash (${d.crash.signal})${d.crash.cause ? `: ${d.crash.cause}` : ""}${
        d.crash.line ? ` — ${d.crash.line}` : ""
      }`,
    );
  }
  if (d.hang) {
    const h = d.hang;
    out.push(
      h.phase === "exit"
        ? `hang at exit: still running ${h.deadlineMs} ms after the stop signal (killed after ${h.elapsedMs} ms)`
        : `hang: still running after its ${h.deadlineMs} ms (killed after ${h.elapsedMs} ms)`,
    );
    for (const t of h.stacks) {
      out.push(`  thread ${t.thread}:`);
      for (const f of t.frames.slice(0, maxFrames)) out.push(`    ${frameText(f)}`);
    }
    for (const p of h.pending) out.push(`  pending: ${typeof p === "string" ? p : JSON.stringify(p)}`);
    const resources = h.state?.resources;
    if (resources && typeof resources === "object") {
      out.push(`  active: ${Object.entries(resources).map(([k, n]) => `${n} ${k}`).join(", ") || "nothing"}`);
    }
    if (!h.stacks.length) {
      for (const p of h.processes) out.push(`  process ${p.pid} ${p.name}: ${threadSummary(p.threads)}`);
    }
  }
  if (r.unhandledRejections) {
    const n = r.unhandledRejections;
    out.push(
      `${n} unhandled rejection${n === 1 ? "" : "s"}${d.rejections[0] ? `, first: ${d.rejections[0].message}` : ""}`,
    );
    if (d.rejections[0]?.context) out.push(`  at ${d.rejections[0].context}`);
  }
  if (d.error) out.push(`error: ${d.error.message}`);
  for (const f of d.findings) out.push(`${f.kind}: ${f.message}`);
  return out;
}

/** "12 threads: 2 S (sleeping) in do_epoll_wait, 10 S (sleeping) in futex_do_wait". */
function threadSummary(threads: ThreadState[]): string {
  const groups = new Map<string, number>();
  for (const t of threads) {
    const key = `${t.state}${t.wchan ? ` in ${t.wchan}` : ""}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return `${threads.length} thread${threads.length === 1 ? "" : "s"}: ${
    [...groups].map(([k, n]) => `${n} ${k}`).join(", ")
  }`;
}

/** The runs with each finding: hang (and hang:<phase>), crash, rejection, error, and each instrumentation kind. */
export function commandSummary(results: CommandResult[]): CommandSummary {
  const runsWith: Record<string, number> = {};
  const add = (k: string) => (runsWith[k] = (runsWith[k] ?? 0) + 1);
  for (const r of results) {
    if (r.details.hang) {
      add("hang");
      add(`hang:${r.details.hang.phase}`);
    }
    if (r.crashes) add("crash");
    if (r.unhandledRejections) add("rejection");
    if (r.errors) add("error");
    for (const kind of new Set(r.details.findings.map((f) => f.kind))) add(kind);
  }
  const failed = results.filter((r) => r.verdict === "fail").length;
  const known = results.filter((r) => r.lostMessages !== null);
  const lostMessages = known.length ? known.reduce((sum, r) => sum + r.lostMessages!, 0) : null;
  return { runs: results.length, passed: results.length - failed, failed, runsWith, lostMessages };
}

const words: Record<string, string> = {
  hang: "hung",
  "hang:run": "hung while running",
  "hang:exit": "hung at exit",
  crash: "crashed",
  rejection: "had unhandled rejections",
  error: "erred",
};

/** "3 of 50 runs hung at exit", one line per finding (the share of runs is itself a finding). */
export function shareLines(s: CommandSummary): string[] {
  return Object.entries(s.runsWith)
    .filter(([k]) => !(k === "hang" && Object.keys(s.runsWith).some((o) => o.startsWith("hang:"))))
    .map(([k, n]) => `${n} of ${plural(s.runs, "run")} ${words[k] ?? `reported ${k}`}`);
}
