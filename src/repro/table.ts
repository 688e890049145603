/**
 * The human output of repro: one row per run as it finishes, under its scenario's name, then a
 * summary line. It fits 80 columns, or the terminal's width when that is narrower (then with a
 * line or two per run instead of columns). When the plan has several engines or runtimes, each
 * form gets its own heading and its rows are labelled engine/runtime; else they are named once,
 * in the legend, and the rows are labelled by form.
 */
import type { ChalkInstance } from "chalk";
import { plural } from "../cli/plural.ts";
import { failureText, findingLines, interruptedText } from "./findings.ts";
import type { PlanItem } from "./plan.ts";
import type { RunResult, SkippedRun, Summary } from "./run-result.ts";
import { wrapLine } from "./wrap-line.ts";

type Row = { scenario: string; variant: string; form: string; engine: string; runtime: string };

/** The width the table keeps to when the terminal's is unknown or wider. */
export const tableWidth = 80;
/** Below this width the table gives a line or two per run instead of columns. */
const columnsNeed = 60;

/** The count columns of a repro table: header (short, so that a row fits 80 columns), result field, and the word for it in a sentence. */
export const countColumns = [
  ["rej", "unhandledRejections", "unhandled"],
  ["hang", "hangs", "hang"],
  ["lost", "lostMessages", "lost"],
  ["crash", "crashes", "crash"],
  ["err", "errors", "error"],
] as const;
const countsWidth = countColumns.reduce((a, [h]) => a + h.length, 0) + 2 * (countColumns.length - 1);
const timeWidth = 6;
const longVerdict = "FAIL  not reproduced".length;
/** The verdict column when only "pass" or "FAIL" fits: as wide as its header. */
const shortVerdict = "verdict".length;

const formName = (r: Row) => `${r.variant}/${r.form}`;
const combo = (r: { engine: string; runtime: string }) => `${r.engine}/${r.runtime}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** Writes the table to a stream of lines. */
export class ReproTable {
  private readonly width: number;
  private readonly narrow: boolean;
  /** True when rows are labelled engine/runtime under a heading per form. */
  private readonly byCombo: boolean;
  private readonly indent: string;
  private readonly labelWidth: number;
  private readonly longVerdicts: boolean;
  private readonly sameCombo: string | undefined;
  private readonly skips: SkippedRun[] = [];
  private lastScenario: string | undefined;
  private lastForm: string | undefined;

  /** `terminalColumns`: the terminal's width, undefined when the output is not a terminal. */
  constructor(
    items: PlanItem[],
    private readonly c: ChalkInstance,
    private readonly write: (line: string) => void,
    terminalColumns?: number,
  ) {
    const rows: Row[] = items.map((
      i,
    ) => (i.kind === "run"
      ? {
        scenario: i.spec.scenario.name,
        ...i.spec.scenario.forms[i.spec.formIndex],
        engine: i.spec.engine,
        runtime: i.spec.runtime,
      }
      : i.skipped)
    );
    this.width = Math.min(tableWidth, terminalColumns ?? tableWidth);
    this.narrow = this.width < columnsNeed;
    const combos = new Set(rows.map(combo));
    this.byCombo = combos.size > 1;
    this.sameCombo = combos.size === 1 ? [...combos][0] : undefined;
    this.indent = this.byCombo ? "    " : "  ";
    const fixed = this.indent.length + 2 + countsWidth + 2 + timeWidth + 2;
    const wanted = Math.max(this.byCombo ? 9 : 4, ...rows.map((r) => (this.byCombo ? combo(r) : formName(r)).length));
    this.longVerdicts = fixed + wanted + longVerdict <= this.width;
    this.labelWidth = Math.max(
      4,
      Math.min(wanted, this.width - fixed - (this.longVerdicts ? longVerdict : shortVerdict)),
    );
  }

  /** The header: what the verdicts mean, then the column names. */
  header(): void {
    const c = this.c;
    const legend =
      "A buggy form passes when it reproduces its documented failure; a fixed form passes when it is clean." +
      `${this.sameCombo ? ` Engine/runtime: ${this.sameCombo}.` : ""}${
        this.narrow ? "" : " rej: unhandled rejections."
      }`;
    for (const line of wrapLine(legend, this.width, "")) this.write(c.dim(line));
    this.write("");
    if (this.narrow) return;
    const counts = countColumns.map(([h]) => h).join("  ");
    this.write(
      c.bold(`${this.label(this.byCombo ? "engine/rt" : "form")}${counts}  ${"time".padStart(timeWidth)}  verdict`),
    );
  }

  private label(text: string): string {
    const t = text.length > this.labelWidth ? `${text.slice(0, this.labelWidth - 1)}…` : text;
    return `${this.indent}${t.padEnd(this.labelWidth)}  `;
  }

  /** The scenario's name, and in the by-combo layout the form's, when they change. */
  private headings(r: Row): void {
    if (r.scenario !== this.lastScenario) {
      this.lastScenario = r.scenario;
      this.lastForm = undefined;
      this.write(this.c.bold(r.scenario));
    }
    if (this.byCombo && formName(r) !== this.lastForm) {
      this.lastForm = formName(r);
      for (const line of wrapLine(`  ${formName(r)}`, this.width, "    ")) this.write(line);
    }
  }

  /** What names a row in the narrow layout. */
  private narrowLabel(r: Row): string {
    return `${this.indent}${this.byCombo ? combo(r) : formName(r)}`;
  }

  /** A finished run; a failed one is followed by its findings. */
  result(r: RunResult): void {
    const c = this.c;
    this.headings(r);
    const expected = r.details.expected;
    const paint = (key: (typeof countColumns)[number][1], text: string) => {
      if (r[key] === 0) return c.dim(text);
      return expected !== "clean" && (expected as string[]).includes(key) ? c.yellow(text) : c.red(text);
    };
    const words = r.interrupted
      ? ["STOP", "interrupted"]
      : r.verdict === "pass"
      ? ["pass", r.variant === "buggy" ? "reproduced" : "clean"]
      : ["FAIL", r.variant === "buggy" ? "not reproduced" : "findings"];
    const verdictText = this.longVerdicts ? `${words[0]}  ${words[1]}` : words[0];
    const paintVerdict = r.interrupted ? c.yellow : r.verdict === "pass" ? c.green : c.red.bold;
    const time = seconds(r.durationMs);
    if (this.narrow) {
      const row = `${this.narrowLabel(r)}  ${verdictText}  ${time}`;
      for (const line of wrapLine(row, this.width, `${this.indent}  `)) {
        this.write(r.verdict === "pass" ? line : paintVerdict(line));
      }
      const seen = countColumns.filter(([, key]) => r[key] > 0).map(([, key, word]) => paint(key, `${word} ${r[key]}`));
      if (seen.length) this.write(`${this.indent}  ${seen.join(", ")}`);
    } else {
      const counts = countColumns.map(([h, key]) => paint(key, String(r[key]).padStart(h.length))).join("  ");
      this.write(
        `${this.label(this.byCombo ? combo(r) : formName(r))}${counts}  ${time.padStart(timeWidth)}  ${
          paintVerdict(verdictText)
        }`,
      );
    }
    if (r.interrupted) {
      this.note(interruptedText(r), c.yellow);
    } else if (r.verdict === "fail") {
      for (const line of failureText(r).split("\n")) this.note(line, c.red);
      if (r.details.crash?.stderrTail) {
        for (const line of r.details.crash.stderrTail.split("\n").slice(-5)) this.note(`| ${line}`, c.dim);
      }
    } else if (r.variant === "buggy" && (r.details.hang || r.details.crash)) {
      // The hang or crash is the point of this form: show what it named.
      for (const line of findingLines(r).filter((l) => /^(hang|crash| {2}pending)/.test(l))) this.note(line, c.dim);
    }
  }

  private note(text: string, paint: (s: string) => string): void {
    const lead = `${this.indent}  `;
    const inner = /^ */.exec(text)![0];
    for (const line of wrapLine(`${lead}${text}`, this.width, `${lead}  ${inner}`)) this.write(paint(line));
  }

  /** A combination that was not run. */
  skipped(s: SkippedRun): void {
    this.skips.push(s);
    this.headings(s);
    const text = this.narrow
      ? `${this.narrowLabel(s)}  skipped`
      : `${this.label(this.byCombo ? combo(s) : formName(s))}${
        countColumns.map(([h]) => "-".padStart(h.length)).join("  ")
      }  ${"".padStart(timeWidth)}  skipped`;
    for (const line of wrapLine(text, this.width, `${this.indent}  `)) this.write(this.c.dim(line));
  }

  /** The reasons for skips, grouped, then the summary line (with the runs a stop interrupted). */
  footer(summary: Summary, interrupted = 0): void {
    const c = this.c;
    const groups = new Map<string, number>();
    for (const s of this.skips) {
      const key = `${s.engine === "none" ? "" : `${s.engine} engine on `}${s.runtime}: ${s.reason}`;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    if (groups.size) {
      this.write("");
      for (const [why, n] of groups) {
        for (const line of wrapLine(`skipped ${plural(n, "run")}: ${why}`, this.width, "  ")) {
          this.write(c.dim(line));
        }
      }
    }
    this.write("");
    const counts = (paint: boolean) => {
      const p = (f: (x: string) => string, x: string) => (paint ? f(x) : x);
      const stopped = interrupted ? `, ${p(c.yellow, `${interrupted} interrupted`)}` : "";
      return `${plural(summary.runs, "run")}: ${p(c.green, `${summary.passed} passed`)}, ${
        p(summary.failed ? c.red.bold : c.green, `${summary.failed} failed`)
      }${stopped}, ${summary.skipped} skipped · seed ${summary.seed}`;
    };
    const replay = `(replay: --seed ${summary.seed})`;
    const plainHead = counts(false);
    if (plainHead.length + 1 + replay.length <= this.width) return this.write(`${counts(true)} ${replay}`);
    if (plainHead.length <= this.width) this.write(counts(true));
    else for (const line of wrapLine(plainHead, this.width, "  ")) this.write(line);
    this.write(`  ${replay}`);
  }
}
