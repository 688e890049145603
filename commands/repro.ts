/** `zmqdiag repro`: the documented failures, each form in its own child process, with verdicts. */
import { Command } from "@commander-js/extra-typings";
import { choiceOption, jsonOption, reportOption } from "../src/cli/common-options.ts";
import { collect, integerAtLeast, millisecondsAtLeast, outputFile } from "../src/cli/option-parsers.ts";
import { examples } from "../src/cli/help-examples.ts";
import { runAction } from "../src/cli/run-action.ts";
import { UsageError } from "../src/cli/usage-error.ts";
import { getArgs } from "../src/runtime/args.ts";
import type { CommandModeOptions } from "../src/repro/command/run-command-mode.ts";
import type { ReproOptions } from "../src/repro/repro-command.ts";

/** Splits the operands at `--`: scenario names before it, the user's command after it (undefined without `--`). */
function splitAtDash(operands: string[]): { names: string[]; command?: string[] } {
  const args = getArgs();
  const dash = args.indexOf("--");
  if (dash < 0) return { names: operands };
  const after = args.length - dash - 1;
  return { names: operands.slice(0, operands.length - after), command: operands.slice(operands.length - after) };
}

/** What `repro --help` shows last. */
const reproExamples = [
  "zmqdiag repro                                    # every scenario, both variants, default engine",
  "zmqdiag repro recv-string-cancel --variant buggy --iterations 200",
  "zmqdiag repro --engine all --runtime all --junit report.xml",
  "zmqdiag repro shutdown-hang --explain",
  "zmqdiag repro --file ./my-scenario.ts            # your own scenario under the same detectors",
  "zmqdiag repro -- python3 my_subscriber.py        # your own program, unchanged, in any language",
  "zmqdiag repro --iterations 50 --jobs 4 --timeout 5000 -- node flaky-shutdown.mjs",
  "zmqdiag repro --stop-after 3000 -- python3 bus_server.py   # a server: stopped after 3 s, must exit in time",
];

/** Runs the scenarios named before `--`, or the command after it; the two cannot be combined. */
async function reproAction(operands: string[], opts: ReproOptions & CommandModeOptions): Promise<number> {
  const { names, command } = splitAtDash(operands);
  if (command) {
    if (names.length) {
      throw new UsageError(`scenario names and a command after -- cannot be combined (got "${names[0]}")`);
    }
    const { runCommandMode } = await import("../src/repro/command/run-command-mode.ts");
    return runCommandMode(command, opts);
  }
  if (opts.stopAfter !== undefined) {
    throw new UsageError("--stop-after applies to a command only: zmqdiag repro --stop-after <ms> -- <command...>");
  }
  const { runRepro } = await import("../src/repro/repro-command.ts");
  return runRepro(names, opts);
}

/** Declares the `repro` subcommand. */
export function reproCommand() {
  return new Command("repro")
    .summary("reproduce the documented async ZeroMQ failures, each in a child process, with verdicts")
    .description(
      "Reproduce the documented asynchronous ZeroMQ failures, each run in its own child process, and check " +
        "the verdicts: a buggy form must show its failure, a fixed form must be clean.\n" +
        "Exit codes: 0 every verdict as expected, 1 a verdict failed, 2 bad usage.",
    )
    .argument(
      "[scenario...]",
      "scenarios to run (default: all; see --list); or `-- <command...>`: your own program, in any language",
    )
    .addOption(
      choiceOption("--variant <variant>", "which forms to run", ["buggy", "fixed", "both"]).default("both" as const),
    )
    .addOption(
      choiceOption("--engine <engine>", "engine(s): auto = native on Node, zmtp on Deno and Bun", [
        "auto",
        "native",
        "zmtp",
        "all",
      ]).default("auto" as const),
    )
    .addOption(
      choiceOption("--runtime <runtime>", "runtime(s) the children run on", ["current", "node", "deno", "bun", "all"])
        .default("current" as const),
    )
    .option(
      "--iterations <n>",
      "repeat each scenario's core step n times (default: the scenario's own); with -- <command>: run it n times",
      integerAtLeast(1),
    )
    .option(
      "--timeout <ms>",
      "deadline of every phase (setup, run, shutdown, exit) and of loading a --file, overriding the defaults; with -- <command>: how long it may run (default 10000)",
      millisecondsAtLeast(1),
    )
    .option(
      "--stop-after <ms>",
      "with -- <command>: send the stop signal after this long (a server that runs until told to stop)",
      millisecondsAtLeast(1),
    )
    .addOption(
      choiceOption("--stop-signal <signal>", "with -- <command>: the signal --stop-after sends", ["SIGTERM", "SIGINT"])
        .default("SIGTERM" as const),
    )
    .option(
      "--exit-timeout <ms>",
      "with -- <command>: how long it has to exit after the stop signal",
      millisecondsAtLeast(1),
      2000,
    )
    .addOption(
      choiceOption(
        "--rejections <mode>",
        "with -- <command>, a Node, Deno or Bun program: keep = its runtime's own behaviour (Node ends at the first one), count = it goes on and every one is counted",
        ["keep", "count"],
      ).default("keep" as const),
    )
    .option("--seed <n>", "seed of every random choice (default: random, always printed)", integerAtLeast(0))
    .option("--jobs <n>", "children running at once", integerAtLeast(1), 2)
    .addOption(jsonOption("JSON Lines: one `result` per run, `skipped` per combination not run, then a `summary`"))
    .option("--junit <file>", "write a JUnit XML report (one test case per run)", outputFile)
    .addOption(reportOption("write a JSON report file"))
    .option("--list", "list the scenarios and their forms")
    .option("--explain", "print a scenario's source, symptom, fix and programs")
    .option(
      "--file <path>",
      "run your own scenario module (default export: defineScenario({...})); repeatable",
      collect,
    )
    .addHelpText("after", examples(reproExamples))
    .action((operands, opts) => runAction(() => reproAction(operands, opts)));
}
