/** `zmqdiag repro`: chooses scenarios, runs each form in its own child, reports for people, scripts and CI. */
import type { ChalkInstance } from "chalk";
import { colors } from "../cli/colors.ts";
import { errorPrefix } from "../cli/command-style.ts";
import { plural } from "../cli/plural.ts";
import { forceExit, stoppingLine } from "../cli/stop-notice.ts";
import { ExitCode } from "../cli/exit-codes.ts";
import { emitJson } from "../cli/json-lines.ts";
import { checkOutputFile, writeFileAtomically, writeReportFile } from "../cli/report-file.ts";
import { UsageError } from "../cli/usage-error.ts";
import { exit } from "../runtime/exit.ts";
import { runtimeName, runtimeVersion } from "../runtime/runtime-name.ts";
import { onStopSignal, type StopCause } from "../runtime/signals.ts";
import { terminalWidth } from "../runtime/terminal-width.ts";
import { describeFile } from "./describe-file.ts";
import { explainText, listText } from "./explain.ts";
import { junitXml } from "./junit.ts";
import {
  type EngineSelection,
  notFoundText,
  planRuns,
  type RuntimeSelection,
  runtimesNotFound,
  type VariantChoice,
} from "./plan.ts";
import { runAll } from "./run-all.ts";
import { killRunningChildren, startDeadlineMs } from "./run-child.ts";
import type { Summary } from "./run-result.ts";
import { describeScenario, type ScenarioInfo } from "./scenario-info.ts";
import { maxSeed, randomSeed } from "./seeded-random.ts";
import { ReproTable } from "./table.ts";

/** The options of `repro`, as parsed by commands/repro.ts. */
export interface ReproOptions {
  variant: VariantChoice;
  engine: EngineSelection;
  runtime: RuntimeSelection;
  iterations?: number;
  timeout?: number;
  seed?: number;
  jobs: number;
  json?: boolean;
  junit?: string;
  report?: string;
  list?: boolean;
  explain?: boolean;
  file?: string[];
}

async function chooseScenarios(names: string[], files: string[], loadDeadlineMs: number): Promise<ScenarioInfo[]> {
  const { scenarios } = await import("../scenarios/catalog.ts");
  const unknown = names.filter((n) => !scenarios.some((s) => s.name === n));
  if (unknown.length) {
    const known = scenarios.map((s) => s.name).join(", ") || "none yet";
    throw new UsageError(`unknown scenario "${unknown[0]}" (known: ${known}; see zmqdiag repro --list)`);
  }
  const picked = names.length ? scenarios.filter((s) => names.includes(s.name)) : files.length ? [] : scenarios;
  const fromFiles = await Promise.all(files.map((f) => describeFile(f, loadDeadlineMs)));
  return [...picked.map((s) => describeScenario(s)), ...fromFiles];
}

/** Runs the command; returns the exit code. */
export async function runRepro(names: string[], o: ReproOptions): Promise<number> {
  if (o.seed !== undefined && o.seed > maxSeed) {
    throw new UsageError(`--seed must be at most ${maxSeed}, got ${o.seed}`);
  }
  // An output file's folder must exist before minutes of runs, not after.
  for (const f of [o.junit, o.report]) if (f) checkOutputFile(f);
  const c = colors();
  // Installed before any child starts (a --file is loaded in one): a stop must end them all.
  let stoppedBy: StopCause | undefined;
  let running = false;
  const offSignal = onStopSignal((signal) => {
    // A second signal: no summary, out now (the children are already gone).
    if (stoppedBy) return forceExit(signal);
    stoppedBy = signal;
    killRunningChildren(signal);
    const by = signal === "EPIPE" ? "its output pipe closing" : signal;
    if (!running) {
      process.stderr.write(`${errorPrefix}stopped by ${by}; the running children were killed\n`);
      return void exit(ExitCode.findings);
    }
    process.stderr.write(stoppingLine(by, "the running children were killed; the summary of the runs so far follows"));
  });
  try {
    return await reproMain(names, o, c, () => stoppedBy, () => (running = true));
  } finally {
    offSignal();
  }
}

async function reproMain(
  names: string[],
  o: ReproOptions,
  c: ChalkInstance,
  stoppedBy: () => StopCause | undefined,
  startRuns: () => void,
): Promise<number> {
  const chosen = await chooseScenarios(names, o.file ?? [], o.timeout ?? startDeadlineMs);
  if (o.list) {
    if (o.json) {
      for (const s of chosen) {
        emitJson({
          type: "scenario",
          ...s,
          forms: s.forms.map(({ text: _text, ...f }) => f),
        });
      }
    } else process.stdout.write(`${listText(chosen, c)}\n`);
    return ExitCode.clean;
  }
  if (o.explain) {
    if (!names.length && !o.file?.length) {
      throw new UsageError("--explain needs a scenario name (see zmqdiag repro --list) or --file");
    }
    if (o.json) { for (const s of chosen) emitJson({ type: "scenario", ...s }); }
    else process.stdout.write(`${chosen.map((s) => explainText(s, c)).join("\n\n")}\n`);
    return ExitCode.clean;
  }
  const seed = o.seed ?? randomSeed();
  const items = planRuns(chosen, {
    variant: o.variant,
    engine: o.engine,
    runtime: o.runtime,
    iterations: o.iterations,
    timeoutMs: o.timeout,
    seed,
  });
  const table = o.json
    ? undefined
    : new ReproTable(items, c, (line) => process.stdout.write(`${line}\n`), terminalWidth("stdout"));
  if (table) {
    const runs = items.filter((i) => i.kind === "run").length;
    const skips = items.length - runs;
    process.stdout.write(
      `${c.bold("zmqdiag repro")} · seed ${seed} · ${runtimeName()} ${runtimeVersion()} · ${plural(runs, "run")}${
        skips ? `, ${skips} skipped` : ""
      }\n`,
    );
    table.header();
  }
  if (!items.length) process.stderr.write(`${errorPrefix}no scenario to run (see zmqdiag repro --list)\n`);
  startRuns();
  const { results, skipped } = await runAll(items, o.jobs, {
    result: (r) => (table ? table.result(r) : emitJson({ type: "result", ...r })),
    skipped: (s) => (table ? table.skipped(s) : emitJson({ type: "skipped", ...s })),
  });
  const interrupted = results.filter((r) => r.interrupted).length;
  const failed = results.filter((r) => r.verdict === "fail").length - interrupted;
  const stop = stoppedBy();
  const notFound = runtimesNotFound(o.runtime);
  const summary: Summary = {
    runs: results.length,
    passed: results.length - failed - interrupted,
    failed,
    skipped: skipped.length,
    seed,
    ...(stop ? { interrupted, stoppedBy: stop } : {}),
    ...(notFound.length ? { runtimesNotFound: notFound } : {}),
  };
  if (table) table.footer(summary, interrupted);
  else emitJson({ type: "summary", ...summary });
  if (table && notFound.length) process.stdout.write(`${c.yellow(notFoundText(notFound))}\n`);
  if (o.junit) await writeFileAtomically(o.junit, junitXml(results, skipped, seed));
  if (o.report) {
    await writeReportFile(o.report, { tool: "zmqdiag repro", runtime: runtimeName(), seed, results, skipped, summary });
  }
  return failed || stop ? ExitCode.findings : ExitCode.clean;
}
