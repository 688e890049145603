/** The human output of `repro -- <command>`: one row per run, in iteration order, then the shares. */
import type { ChalkInstance } from "chalk";
import { plural } from "../../cli/plural.ts";
import { countColumns } from "../table.ts";
import { commandFindingLines, shareLines } from "./command-findings.ts";
import type { CommandResult, CommandSummary } from "./command-result.ts";

/** Writes the table to a stream of lines. */
export class CommandTable {
  private readonly runWidth: number;

  constructor(iterations: number, private readonly c: ChalkInstance, private readonly write: (line: string) => void) {
    this.runWidth = Math.max(3, String(iterations).length);
  }

  /** The column names. */
  header(): void {
    this.write(
      this.c.bold(
        `${"run".padStart(this.runWidth)}  ${countColumns.map(([h]) => h).join("  ")}  ${"time".padStart(6)}  verdict`,
      ),
    );
  }

  /** A finished run; one with findings is followed by them, and by the last lines it wrote. */
  result(r: CommandResult): void {
    const c = this.c;
    const counts = countColumns.map(([h, key]) => {
      const n = r[key];
      const text = (n === null ? "-" : String(n)).padStart(h.length);
      return n ? c.red(text) : c.dim(text);
    }).join("  ");
    const verdict = r.verdict === "pass" ? c.green("pass  clean") : c.red.bold("FAIL  findings");
    this.write(
      `${String(r.iteration).padStart(this.runWidth)}  ${counts}  ${
        `${(r.durationMs / 1000).toFixed(1)}s`.padStart(6)
      }  ${verdict}`,
    );
    if (r.verdict === "pass") return;
    for (const line of commandFindingLines(r)) this.write(c.red(`    ${line}`));
    for (const line of r.details.notes) this.write(c.dim(`    note: ${line}`));
    for (const line of r.details.output.stderr.slice(-5)) this.write(c.dim(`    | ${line}`));
  }

  /** The shares of runs per finding, then the summary line. */
  footer(s: CommandSummary): void {
    const c = this.c;
    this.write("");
    for (const line of shareLines(s)) this.write(c.red(line));
    const failed = s.failed ? c.red.bold(`${s.failed} with findings`) : c.green("0 with findings");
    const lost = s.lostMessages === null
      ? "lost messages: not knowable from outside the program"
      : `lost messages: ${s.lostMessages} seen by the zeromq.js instrumentation`;
    this.write(`${plural(s.runs, "run")}: ${c.green(`${s.passed} clean`)}, ${failed} · ${lost}`);
  }
}
