/** Runs `zmqdiag repro --json ... -- <command>` the way a user would and reads its result lines. */
import assert from "node:assert/strict";
import path from "node:path";
import { type CliOptions, type CliResult, parseJsonLines, runCli } from "../../helpers/cli.ts";
import { runtimeExecutable } from "../../../src/runtime/runtime-command.ts";
import type { RuntimeName } from "../../../src/runtime/runtime-name.ts";
import type { Json } from "../../helpers/json.ts";

/** A finished command-mode run: the CLI's result, its result lines and its summary. */
export interface CommandRun {
  cli: CliResult;
  results: Json[];
  summary: Json;
}

/** Runs repro in command mode with `options` before `--`. */
export async function reproCommand(options: string[], command: string[], cli: CliOptions = {}): Promise<CommandRun> {
  const r = await runCli(["repro", "--json", ...options, "--", ...command], { timeoutMs: 90_000, ...cli });
  assert.equal(r.timedOut, false, `zmqdiag itself overran: ${r.stderr}`);
  const lines = parseJsonLines(r.stdout);
  const summary = lines[lines.length - 1];
  assert.equal(summary?.type, "summary", r.stdout + r.stderr);
  return { cli: r, results: lines.filter((l) => l.type === "result"), summary };
}

/** The command that runs a JS fixture under `runtime` (no permissions given to Deno: the preload needs none). */
export function jsCommand(runtime: RuntimeName, fixture: string): string[] {
  const exe = runtimeExecutable(runtime);
  assert.ok(exe, `${runtime} is not installed`);
  const file = path.join("fixtures", "command", fixture);
  return runtime === "deno" ? [exe, "run", file] : [exe, file];
}

/** The counts of a result, for one exact comparison. */
export function counts(r: Json): Json {
  return {
    unhandledRejections: r.unhandledRejections,
    hangs: r.hangs,
    lostMessages: r.lostMessages,
    crashes: r.crashes,
    errors: r.errors,
    verdict: r.verdict,
  };
}
