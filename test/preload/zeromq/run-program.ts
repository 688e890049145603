/**
 * Runs a real program under `zmqdiag repro --json -- <command>` and gives its one result, with
 * the zeromq.js instrumentation's findings, notes and hang state ready to assert on.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { projectRoot } from "../../../src/runtime/project-paths.ts";
import { runtimeName } from "../../../src/runtime/runtime-name.ts";
import { parseJsonLines, runCli } from "../../helpers/cli.ts";

/** A finding as the result carries it. */
export interface Finding {
  kind: string;
  message: string;
  detail: Record<string, unknown>;
}

/** The parts of a `repro -- <command>` result these tests read. */
export interface ProgramResult {
  code: number | null;
  /** The run's `summary` line. */
  summary: { runs: number; lostMessages: number | null };
  unhandledRejections: number;
  hangs: number;
  lostMessages: number | null;
  crashes: number;
  errors: number;
  verdict: string;
  details: {
    findings: Finding[];
    notes: string[];
    rejections: Array<{ message: string; context?: string }>;
    hang?: { pending: string[]; state?: { zeromq?: ZeromqState } };
    crash?: { signal: string };
  };
}

/** The "zeromq" state a hung program answers with. */
export interface ZeromqState {
  pending: string[];
  copies: Array<{ version: string; root: string }>;
  sockets: Array<
    {
      class: string;
      created: string;
      endpoints: Array<{ how: string; address: string; site: string }>;
      pending: Array<{ operation: string; site: string; siteExact: boolean; pendingMs: number; keepsAlive: boolean }>;
      keepsAlive: boolean;
      line: string;
    }
  >;
}

/** The project's own Deno and Bun (npm devDependencies). */
export const denoBin = path.join(projectRoot, "node_modules", ".bin", "deno");
export const bunBin = path.join(projectRoot, "node_modules", ".bin", "bun");

/** The Node that runs the programs (the one running the tests, on Node). */
export const nodeBin = runtimeName() === "node" ? process.execPath : "node";

/** `fixtures/zeromqjs/<name>`, as sites show it (relative to the working directory, the project). */
export const fixture = (name: string) => `fixtures/zeromqjs/${name}`;

/** Runs `command` (repro's options first) and returns its single result. */
export async function runProgram(command: string[], options: string[] = []): Promise<ProgramResult> {
  const r = await runCli(["repro", "--json", ...options, "--", ...command], { timeoutMs: 60_000 });
  assert.equal(r.timedOut, false, `zmqdiag did not end: ${r.stderr}`);
  const result = parseJsonLines(r.stdout).find((l) => l.type === "result");
  assert.ok(result, `no result line; stdout=${r.stdout} stderr=${r.stderr}`);
  const summary = parseJsonLines(r.stdout).find((l) => l.type === "summary");
  assert.ok(summary, `no summary line; stdout=${r.stdout}`);
  return {
    ...(result as unknown as ProgramResult),
    code: r.code,
    summary: summary as unknown as ProgramResult["summary"],
  };
}
