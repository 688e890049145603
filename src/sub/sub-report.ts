/** The final report of `sub`, for people (stdout), and its live progress line. */
import { colors } from "../cli/colors.ts";
import { engineCounterLines } from "../stream/engine-counters-lines.ts";
import { lossAdvice, lossCauses } from "../stream/loss-causes.ts";
import { formatCount } from "../stream/progress-line.ts";
import { drawHistogram } from "../stream/text-histogram.ts";
import type { SubSummary } from "./sub-summary.ts";
import type { SubProgress } from "./sub-session.ts";

const maxRangesShown = 20;

function us(v: number): string {
  return v >= 1000 ? `${(v / 1000).toFixed(v >= 100_000 ? 0 : 2)} ms` : `${v} µs`;
}

function ranges(gaps: Array<[number, number]>, omitted: number): string {
  const shown = gaps.slice(0, maxRangesShown).map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`));
  const more = gaps.length - shown.length + omitted;
  return shown.join(", ") + (more > 0 ? `, and ${formatCount(more)} more range(s)` : "");
}

/** The lost count split by cause, one line each with its advice and the first evidence. */
function causeLines(s: SubSummary, c: ReturnType<typeof colors>): string[] {
  const lines: string[] = [];
  for (const cause of lossCauses) {
    const n = s.lostByCause[cause];
    if (!n) continue;
    lines.push(`    ${c.red(formatCount(n).padStart(10))}  ${c.bold(cause)}: ${lossAdvice[cause]}`);
    const first = s.gapDetails.find((g) => g.cause === cause && g.evidence);
    if (first) {
      lines.push(
        c.dim(
          `                e.g. ${
            first.from === first.to ? first.from : `${first.from}-${first.to}`
          }: ${first.evidence}`,
        ),
      );
    }
  }
  return lines;
}

/** The report as lines of text. */
export function subReportLines(s: SubSummary): string[] {
  const c = colors("stdout");
  const bad = (n: number) => (n > 0 ? c.red(formatCount(n)) : c.green("0"));
  const lines: string[] = [];
  lines.push(
    c.bold(`zmqdiag sub ${s.endpoint}`) +
      c.dim(
        ` (${s.engine} engine, ${s.engineVersion}; ${s.runtime}; --seq ${s.seq}${
          s.worker ? "; worker" : ""
        }; stopped by ${s.stopReason})`,
      ),
  );
  const secs = (ms: number) => (ms / 1000).toFixed(2);
  const span = s.received > 1
    ? `, ${formatCount(s.msgsPerSec)} msg/s over ${secs(s.activeMs)} s from the first message to the last`
    : "";
  lines.push(`  received    ${formatCount(s.received)}${span}; ran ${secs(s.elapsedMs)} s`);
  if (s.noMessages) lines.push(`  ${c.red("nothing")}     ${s.noMessages}`);
  if (s.expect !== null) {
    lines.push(
      `  expected    ${formatCount(s.expect)}${s.missing > 0 ? c.red(`, ${formatCount(s.missing)} missing`) : ""}`,
    );
  }
  if (s.seq !== "none") {
    lines.push(`  lost        ${bad(s.lost)}${s.gaps.length ? `  missing: ${ranges(s.gaps, s.gapsOmitted)}` : ""}`);
    lines.push(...causeLines(s, c));
    lines.push(`  duplicates  ${bad(s.duplicates)}`);
    lines.push(`  reordered   ${bad(s.reordered)}`);
    if (s.estimate) {
      lines.push(c.yellow("  estimate    the memory bound on gaps was hit: the counts above are estimates, not exact"));
    }
  }
  if (s.unparsed > 0) {
    lines.push(`  unparsed    ${c.yellow(formatCount(s.unparsed))} (not readable with --seq ${s.seq})`);
  }
  if (s.untracked > 0) {
    lines.push(
      `  untracked   ${c.yellow(formatCount(s.untracked))} (messages of streams beyond the first 10,000: not checked)`,
    );
  }
  if (s.streams.length > 1 || (s.seq === "header" && s.streams.length === 1)) {
    lines.push(`  streams     ${s.streams.length}`);
    for (const st of s.streams.slice(0, 20)) {
      const epoch = st.epoch > 0 ? ` (after restart ${st.epoch})` : "";
      lines.push(
        `    ${String(st.stream).padStart(10)}${epoch}  ${
          formatCount(st.received)
        } received, seq ${st.first}..${st.highest}, lost ${st.lost}, duplicates ${st.duplicates}, reordered ${st.reordered}`,
      );
    }
    if (s.streams.length > 20) lines.push(`    and ${s.streams.length - 20} more`);
  }
  const l = s.latencyUs;
  if (l && l.count > 0) {
    lines.push(`  latency     p50 ${us(l.p50)}, p90 ${us(l.p90)}, p99 ${us(l.p99)}, max ${us(l.max)}`);
    for (const row of drawHistogram(s.latencyHistogram, 30)) lines.push(`    ${c.cyan(row)}`);
  }
  const conn = s.connects === null
    ? ""
    : `${formatCount(s.connects)} connect(s), ${formatCount(s.disconnects ?? 0)} disconnect(s); `;
  lines.push(`  connection  ${conn}${s.linkText}`);
  lines.push(...engineCounterLines(s.counters, c));
  lines.push(
    s.clean ? c.green("  clean") : c.red.bold(
      s.noMessages
        ? "  FINDINGS: no message arrived"
        : "  FINDINGS: messages were lost, duplicated, reordered or missing",
    ),
  );
  return lines;
}

/** The live progress line. */
export function subProgressText(p: SubProgress): string {
  const link = p.link === "receiving" ? "" : `; ${p.linkText}`;
  return `sub: ${formatCount(p.received)} received, ${formatCount(p.msgsPerSec)} msg/s, lost ${
    formatCount(p.lost)
  }, dup ${formatCount(p.duplicates)}, reordered ${formatCount(p.reordered)}${link}`;
}
