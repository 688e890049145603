/** The human output of repro: a table, one row per run as it finishes, then a summary line. */
import type { ChalkInstance } from "chalk";
import { findingLines, failureText } from "./findings.ts";
import type { PlanItem } from "./plan.ts";
import type { RunResult, SkippedRun, Summary } from "./run-result.ts";

type Row = { scenario: string; variant: string; form: string; engine: string; runtime: string };

/** The count columns of a repro table: header and result field. */
export const countColumns = [
  ["unhandled", "unhandledRejections"],
  ["hangs", "hangs"],
  ["lost", "lostMessages"],
  ["crashes", "crashes"],
  ["errors", "errors"],
] as const;

/** Writes the table to a stream of lines. */
export class ReproTable {
  private readonly scenarioWidth: number;
  private readonly formWidth: number;
  private readonly skips: SkippedRun[] = [];

  constructor(items: PlanItem[], private readonly c: ChalkInstance, private readonly write: (line: string) => void) {
    const rows: Array<{ scenario: string; variant: string; form: string }> = items.map((i) => (i.kind === "run" ? { scenario: i.spec.scenario.name, ...i.spec.scenario.forms[i.spec.formIndex] } : i.skipped));
    this.scenarioWidth = Math.max(8, ...rows.map((r) => r.scenario.length));
    this.formWidth = Math.max(4, ...rows.map((r) => r.variant.length + 1 + r.form.length));
  }

  /** The header: what the verdicts mean, then the column names. */
  header(): void {
    const c = this.c;
    this.write(c.dim("A buggy form passes when it reproduces its documented failure; a fixed form passes when it is clean."));
    this.write("");
    const counts = countColumns.map(([h]) => h.padStart(h.length)).join("  ");
    this.write(c.bold(`${this.left(this.rowCells({ scenario: "scenario", variant: "", form: "", engine: "engine", runtime: "runtime" }, "form"))}  ${counts}  ${"time".padStart(6)}  verdict`));
  }

  private rowCells(r: Row, formText = `${r.variant}/${r.form}`): string[] {
    return [r.scenario.padEnd(this.scenarioWidth), formText.padEnd(this.formWidth), r.engine.padEnd(6), r.runtime.padEnd(7)];
  }

  private left(cells: string[]): string {
    return cells.join("  ");
  }

  /** A finished run; a failed one is followed by its findings. */
  result(r: RunResult): void {
    const c = this.c;
    const expected = r.details.expected;
    const counts = countColumns.map(([h, key]) => {
      const n = r[key];
      const text = String(n).padStart(h.length);
      if (n === 0) return c.dim(text);
      const wanted = expected !== "clean" && (expected as string[]).includes(key);
      return wanted ? c.yellow(text) : c.red(text);
    }).join("  ");
    const verdict = r.verdict === "pass"
      ? c.green(`pass  ${r.variant === "buggy" ? "reproduced" : "clean"}`)
      : c.red.bold(`FAIL  ${r.variant === "buggy" ? "not reproduced" : "findings"}`);
    this.write(`${this.left(this.rowCells(r))}  ${counts}  ${seconds(r.durationMs).padStart(6)}  ${verdict}`);
    if (r.verdict === "fail") {
      for (const line of failureText(r).split("\n")) this.write(c.red(`    ${line}`));
      if (r.details.crash?.stderrTail) for (const line of r.details.crash.stderrTail.split("\n").slice(-5)) this.write(c.dim(`    | ${line}`));
    } else if (r.variant === "buggy" && (r.details.hang || r.details.crash)) {
      // The hang or crash is the point of this form: show what it named.
      for (const line of findingLines(r).filter((l) => /^(hang|crash| {2}pending)/.test(l))) this.write(c.dim(`    ${line}`));
    }
  }

  /** A combination that was not run. */
  skipped(s: SkippedRun): void {
    this.skips.push(s);
    const blank = countColumns.map(([h]) => "-".padStart(h.length)).join("  ");
    this.write(this.c.dim(`${this.left(this.rowCells(s))}  ${blank}  ${"".padStart(6)}  skipped`));
  }

  /** The reasons for skips, grouped, then the summary line. */
  footer(summary: Summary): void {
    const c = this.c;
    const groups = new Map<string, number>();
    for (const s of this.skips) {
      const key = `${s.engine === "none" ? "" : `${s.engine} engine on `}${s.runtime}: ${s.reason}`;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    if (groups.size) {
      this.write("");
      for (const [why, n] of groups) this.write(c.dim(`skipped ${n} run${n === 1 ? "" : "s"}: ${why}`));
    }
    this.write("");
    const verdict = summary.failed ? c.red.bold(`${summary.failed} failed`) : c.green(`${summary.failed} failed`);
    this.write(`${summary.runs} runs: ${c.green(`${summary.passed} passed`)}, ${verdict}, ${summary.skipped} skipped · seed ${summary.seed} (replay: --seed ${summary.seed})`);
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
