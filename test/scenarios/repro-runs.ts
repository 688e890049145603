/**
 * Runs `zmqdiag repro <scenario> --engine <engine> --json` as a real child process (through the
 * real harness, under the runtime the tests run on) and indexes its results by "variant/form".
 */
import assert from "node:assert/strict";
import { parseJsonLines, runCli } from "../helpers/cli.ts";
import { skipNative } from "../helpers/engines.ts";

/** One `result` line of `repro --json`. */
export interface ReproResult {
  scenario: string;
  variant: string;
  form: string;
  engine: string;
  runtime: string;
  unhandledRejections: number;
  hangs: number;
  lostMessages: number;
  crashes: number;
  errors: number;
  reproduced: boolean;
  verdict: "pass" | "fail";
  details: {
    rejections: string[];
    lostRanges: string[];
    sent: number;
    processed: number;
    notes: string[];
    errors: Array<{ phase: string; message: string }>;
    hang?: { phase: string; reason: string; pending: Array<{ owner: string; operation: string }> };
    crash?: { signal: string; phase: string };
  };
}

/** What one repro run gave: results and skips by "variant/form". */
export interface ReproRuns {
  results: Map<string, ReproResult>;
  skipped: Map<string, string>;
}

/** Runs every form of `scenario` on `engine` ("none" for a scenario without one). */
export async function reproRuns(scenario: string, engine: "native" | "zmtp" | "none"): Promise<ReproRuns> {
  const args = ["repro", scenario, "--json", ...(engine === "none" ? [] : ["--engine", engine])];
  const r = await runCli(args, { timeoutMs: 60_000 });
  assert.equal(r.timedOut, false, `repro did not finish: ${r.stderr}`);
  const lines = parseJsonLines(r.stdout);
  const results = new Map<string, ReproResult>();
  const skipped = new Map<string, string>();
  for (const l of lines) {
    if (l.type === "result") results.set(`${l.variant}/${l.form}`, l as unknown as ReproResult);
    if (l.type === "skipped") skipped.set(`${l.variant}/${l.form}`, String(l.reason));
  }
  const summary = lines.find((l) => l.type === "summary");
  assert.ok(summary, `no summary line; stderr: ${r.stderr}`);
  // The exit code says whether every verdict was as expected.
  const failed = [...results.values()].filter((x) => x.verdict === "fail");
  assert.equal(r.code, failed.length ? 1 : 0, r.stderr);
  return { results, skipped };
}

/** The result of one form; fails the test when the form was not run. */
export function resultOf(runs: ReproRuns, key: string): ReproResult {
  const r = runs.results.get(key);
  assert.ok(r, `no result for ${key} (skipped: ${runs.skipped.get(key) ?? "no"})`);
  return r;
}

/** Asserts a fixed form's run was clean, with its verdict. */
export function assertClean(r: ReproResult): void {
  const seen = {
    rejections: r.unhandledRejections,
    hangs: r.hangs,
    lost: r.lostMessages,
    crashes: r.crashes,
    errors: r.errors,
  };
  assert.deepEqual(seen, { rejections: 0, hangs: 0, lost: 0, crashes: 0, errors: 0 }, JSON.stringify(r.details));
  assert.equal(r.verdict, "pass");
  assert.equal(r.details.sent, r.details.processed);
}

/** The engines to test a scenario on here, each with its skip reason (false: it runs). */
export function enginesHere(): Array<{ engine: "native" | "zmtp"; skip: string | false }> {
  return [
    { engine: "native", skip: skipNative() },
    { engine: "zmtp", skip: false },
  ];
}
