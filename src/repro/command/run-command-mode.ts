/**
 * `zmqdiag repro -- <command>`: runs the user's own program, unchanged, `--iterations` times
 * (`--jobs` at once), each run in its own process group, and reports as for scenario runs.
 */
import fs from "node:fs";
import { colors } from "../../cli/colors.ts";
import { ExitCode } from "../../cli/exit-codes.ts";
import { emitJson } from "../../cli/json-lines.ts";
import { checkOutputFile, writeFileAtomically, writeReportFile } from "../../cli/report-file.ts";
import { UsageError } from "../../cli/usage-error.ts";
import type { RejectionMode } from "../../preload/install.ts";
import { exit } from "../../runtime/exit.ts";
import { findExecutable } from "../../runtime/runtime-command.ts";
import { runtimeName, runtimeVersion } from "../../runtime/runtime-name.ts";
import { onStopSignal } from "../../runtime/signals.ts";
import { commandSummary } from "./command-findings.ts";
import { commandJunitXml } from "./command-junit.ts";
import type { CommandResult } from "./command-result.ts";
import { CommandTable } from "./command-table.ts";
import type { CommandRunSpec } from "./command-run-spec.ts";
import { killAllCommandRuns, runCommand } from "./run-command.ts";
import { targetFor } from "./target.ts";

/** The options of command mode. */
export interface CommandModeOptions {
  iterations?: number;
  jobs: number;
  timeout?: number;
  stopAfter?: number;
  stopSignal: "SIGTERM" | "SIGINT";
  exitTimeout: number;
  rejections: RejectionMode;
  json?: boolean;
  junit?: string;
  report?: string;
}

/** How long a program may run without --timeout. */
export const defaultRunMs = 10_000;

/** Runs the command; returns the exit code. */
export async function runCommandMode(command: string[], o: CommandModeOptions): Promise<number> {
  if (!command.length) {
    throw new UsageError("nothing after --: give the command to run, e.g. zmqdiag repro -- python3 app.py");
  }
  if (!findExecutable(command[0])) {
    throw new UsageError(
      `cannot start "${command[0]}": ENOENT (no such ${
        command[0].includes("/") ? "executable file" : "command on PATH"
      })`,
    );
  }
  for (const f of [o.junit, o.report]) if (f) checkOutputFile(f);
  const target = targetFor(command, o.rejections);
  const preload = target.argv.find((a) => a.includes("/preload/entry-"));
  if (preload && !fs.existsSync(preload)) target.noPreload = `its module ${preload} is not built (run npm run build)`;
  const iterations = o.iterations ?? 1;
  const spec = (iteration: number): CommandRunSpec => ({
    target,
    iteration,
    runMs: o.timeout ?? defaultRunMs,
    stopAfterMs: o.stopAfter,
    stopSignal: o.stopSignal,
    exitMs: o.exitTimeout,
    rejections: o.rejections,
  });
  const c = colors();
  const table = o.json ? undefined : new CommandTable(iterations, c, (line) => process.stdout.write(`${line}\n`));
  if (table) {
    process.stdout.write(
      `${c.bold("zmqdiag repro")} -- ${
        command.join(" ")
      } · ${target.kind} program · ${runtimeName()} ${runtimeVersion()} · ${iterations} run${
        iterations === 1 ? "" : "s"
      }\n`,
    );
    table.header();
  }
  const offSignal = onStopSignal((signal) => {
    killAllCommandRuns();
    const by = signal === "EPIPE" ? "its output pipe closing" : signal;
    process.stderr.write(`zmqdiag repro: stopped by ${by}; every run's processes were killed\n`);
    void exit(ExitCode.findings);
  });
  const results = await runInOrder(
    iterations,
    o.jobs,
    (k) => runCommand(spec(k)),
    (r) => (table ? table.result(r) : emitJson({ type: "result", ...r })),
  ).finally(offSignal);
  const startError = results.find((r) =>
    r.details.error?.exitCode === null && /^could not start/.test(r.details.error.message)
  );
  if (startError) throw new UsageError(startError.details.error!.message);
  const summary = commandSummary(results);
  if (table) table.footer(summary);
  else emitJson({ type: "summary", ...summary });
  if (o.junit) await writeFileAtomically(o.junit, commandJunitXml(results));
  if (o.report) {
    await writeReportFile(o.report, { tool: "zmqdiag repro", runtime: runtimeName(), command, results, summary });
  }
  return summary.failed ? ExitCode.findings : ExitCode.clean;
}

/** Runs iterations 1..n, `jobs` at a time, handing each result over in iteration order. */
async function runInOrder(
  n: number,
  jobs: number,
  run: (k: number) => Promise<CommandResult>,
  sink: (r: CommandResult) => void,
): Promise<CommandResult[]> {
  const done: Array<CommandResult | undefined> = new Array(n);
  let next = 0;
  let emitted = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      done[i] = await run(i + 1);
      while (emitted < n && done[emitted]) sink(done[emitted++]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, Math.max(1, jobs)) }, worker));
  return done as CommandResult[];
}
