/** What one repro run gives, as the JSON output, the report file and JUnit show it. */
import type { OpenSocket, PendingReport } from "../engine/registry.ts";
import type { EngineName } from "../engine/types.ts";
import type { RuntimeName } from "../runtime/runtime-name.ts";
import type { Symptom, Variant } from "../scenarios/types.ts";
import type { Phase } from "./child-protocol.ts";

/** A phase that did not end by its deadline (or could never end: the event loop emptied). */
export interface HangDetail {
  phase: Phase;
  deadlineMs: number;
  /** From the start of the phase (as the parent saw it) to the kill. */
  elapsedMs: number;
  reason: "deadline" | "deadlock";
  /** What the child's registry held: the operations still pending, each with its age. */
  pending: PendingReport[];
  sockets: OpenSocket[];
}

/** A child that died by a signal or an abort. */
export interface CrashDetail {
  signal: string | null;
  exitCode: number | null;
  /** The runtime's own crash line, e.g. Bun's "panic: ..." or "Segmentation fault". */
  line: string | null;
  stderrTail: string;
  phase: Phase | "start";
}

/** The messages, ranges and pending operations behind a run's counts. */
export interface RunDetails {
  expected: Symptom[] | "clean";
  rejections: string[];
  lostRanges: string[];
  sent: number;
  processed: number;
  hang?: HangDetail;
  crash?: CrashDetail;
  errors: Array<{ phase: string; message: string }>;
  notes: string[];
  /** The last lines the scenario printed itself. */
  output: string[];
  exitCode: number | null;
  signal: string | null;
  seed: number;
  iterations: number;
  deadlines: Record<Phase, number>;
  /** How long each phase took, as the parent saw it ("start": boot and loading). */
  phaseMs: Partial<Record<Phase | "start", number>>;
  file?: string;
  /** What stopped repro while this run was going (e.g. "SIGINT"): it was killed before its verdict. */
  interruptedBy?: string;
}

/** One run's result: the fields of `--json`'s `result` lines. */
export interface RunResult {
  scenario: string;
  variant: Variant;
  form: string;
  engine: EngineName | "none";
  runtime: RuntimeName;
  unhandledRejections: number;
  hangs: number;
  lostMessages: number;
  crashes: number;
  errors: number;
  /** Whether the documented failure showed: a buggy form's every symptom, or any finding of a fixed one. */
  reproduced: boolean;
  verdict: "pass" | "fail";
  /** True when repro was stopped while this run went on: its verdict is "fail" and says nothing of the form. */
  interrupted?: true;
  durationMs: number;
  details: RunDetails;
}

/** A combination that was not run, and why. */
export interface SkippedRun {
  scenario: string;
  variant: Variant;
  form: string;
  engine: EngineName | "none";
  runtime: RuntimeName;
  reason: string;
}

/** The last line of `--json`. */
export interface Summary {
  runs: number;
  passed: number;
  failed: number;
  skipped: number;
  seed: number;
  /** Runs cut short because repro was stopped (counted in neither passed nor failed); only when stopped. */
  interrupted?: number;
  /** What stopped repro, when something did. */
  stoppedBy?: string;
  /** Runtimes asked for (`--runtime all`) that are not installed; their runs are among the skipped. */
  runtimesNotFound?: RuntimeName[];
}
