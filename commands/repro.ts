/** `zmqdiag repro`: the documented failures, each form in its own child process, with verdicts. */
import { Command, Option } from "@commander-js/extra-typings";
import { collect, integerAtLeast, millisecondsAtLeast, outputFile } from "../src/cli/option-parsers.ts";
import { examples } from "../src/cli/help-examples.ts";
import { runAction } from "../src/cli/run-action.ts";

/** Declares the `repro` subcommand. */
export function reproCommand() {
  return new Command("repro")
    .summary("reproduce the documented async ZeroMQ failures, each in a child process, with verdicts")
    .description(
      "Reproduce the documented asynchronous ZeroMQ failures, each run in its own child process, and check " +
        "the verdicts: a buggy form must show its failure, a fixed form must be clean.\n" +
        "Exit codes: 0 every verdict as expected, 1 a verdict failed, 2 bad usage.",
    )
    .argument("[scenario...]", "scenarios to run (default: all; see --list)")
    .addOption(new Option("--variant <variant>", "which forms to run").choices(["buggy", "fixed", "both"] as const).default("both" as const))
    .addOption(new Option("--engine <engine>", "engine(s): auto = native on Node, zmtp on Deno and Bun").choices(["auto", "native", "zmtp", "all"] as const).default("auto" as const))
    .addOption(new Option("--runtime <runtime>", "runtime(s) the children run on").choices(["current", "node", "deno", "bun", "all"] as const).default("current" as const))
    .option("--iterations <n>", "repeat each scenario's core step n times (default: the scenario's own)", integerAtLeast(1))
    .option("--timeout <ms>", "deadline of every phase (setup, run, shutdown, exit) and of loading a --file, overriding the defaults", millisecondsAtLeast(1))
    .option("--seed <n>", "seed of every random choice (default: random, always printed)", integerAtLeast(0))
    .option("--jobs <n>", "children running at once", integerAtLeast(1), 2)
    .option("--json", "JSON Lines: one `result` per run, `skipped` per combination not run, then a `summary`")
    .option("--junit <file>", "write a JUnit XML report (one test case per run)", outputFile)
    .option("--report <file>", "write a JSON report file", outputFile)
    .option("--list", "list the scenarios and their forms")
    .option("--explain", "print a scenario's source, symptom, fix and programs")
    .option("--file <path>", "run your own scenario module (default export: defineScenario({...})); repeatable", collect)
    .addHelpText(
      "after",
      examples([
        "zmqdiag repro                                    # every scenario, both variants, default engine",
        "zmqdiag repro recv-string-cancel --variant buggy --iterations 200",
        "zmqdiag repro --engine all --runtime all --junit report.xml",
        "zmqdiag repro shutdown-hang --explain",
        "zmqdiag repro --file ./my-scenario.ts            # your own scenario under the same detectors",
      ]),
    )
    .action((names, opts) =>
      runAction(async () => {
        const { runRepro } = await import("../src/repro/repro-command.ts");
        return runRepro(names, opts);
      }),
    );
}
