/** The final summary of `sub`: the `summary` JSON event, the report file, and the exit code. */
import { ExitCode } from "../cli/exit-codes.ts";
import type { SubStarted, SubResult } from "./sub-session.ts";
import type { SubOptions } from "./sub-options.ts";

/** The `{"type":"summary"}` object of `sub` (schema documented in the README). */
export interface SubSummary extends Omit<SubResult, "counters">, SubStarted {
  type: "summary";
  command: "sub";
  seq: string;
  worker: boolean;
  expect: number | null;
  /** How many fewer than --expect arrived (0 without --expect). */
  missing: number;
  /** True when nothing was lost, duplicated or reordered and --expect was met. */
  clean: boolean;
  /** Engine counters, when the engine provides them. */
  counters?: SubResult["counters"];
}

/** Builds the summary of a finished run. */
export function subSummary(opts: SubOptions, started: SubStarted, result: SubResult): SubSummary {
  const missing = opts.expect !== undefined ? Math.max(0, opts.expect - result.received) : 0;
  const clean = result.lost === 0 && result.duplicates === 0 && result.reordered === 0 && missing === 0;
  const { counters, ...rest } = result;
  return {
    type: "summary", command: "sub", ...started, seq: opts.seq, worker: opts.worker,
    ...rest, expect: opts.expect ?? null, missing, clean,
    ...(counters ? { counters } : {}),
  };
}

/** 0 when clean, 1 for findings. */
export function subExitCode(s: SubSummary): number {
  return s.clean ? ExitCode.clean : ExitCode.findings;
}
