/** What one run of `repro -- <command>` gives, as `--json`'s `result` lines, the report file and JUnit show it. */
import type { RuntimeName } from "../../runtime/runtime-name.ts";
import type { ProcessState } from "./process-tree.ts";
import type { ThreadStack } from "./python-stacks.ts";
import type { TargetKind } from "./target.ts";

/** The phases of a command run: `run` until it exits (or is told to stop), `exit` after the stop signal. */
export type CommandPhase = "run" | "exit";

/** One unhandled rejection or never-retrieved exception. */
export interface RejectionDetail {
  message: string;
  stack?: string;
  /** Set by the zeromq.js instrumentation: the socket and the call site. */
  context?: string;
}

/** A run that did not end in time: where it was when zmqdiag killed it. */
export interface CommandHang {
  phase: CommandPhase;
  deadlineMs: number;
  /** From the start of the phase to the kill. */
  elapsedMs: number;
  /** Python: every thread's frames (faulthandler), the main thread first. */
  stacks: ThreadStack[];
  /** What a JS program's instrumentation says is pending (its state providers' "pending", if any). */
  pending: unknown[];
  /** A JS program's answer to the state request: each provider's result by name. */
  state?: Record<string, unknown>;
  /** The run's processes and threads as /proc showed them (Linux). */
  processes: ProcessState[];
}

/** A program that died by a signal or an abort. */
export interface CommandCrash {
  signal: string;
  /** The runtime's own crash line, e.g. "Segmentation fault" or a libzmq assertion. */
  line: string | null;
  /** A plain cause where the text is known (see crash-causes.ts). */
  cause: string | null;
}

/** A finding the preload's instrumentation reported (zeromq.js misuse seen inside the program). */
export interface InstrumentFinding {
  kind: string;
  message: string;
  detail?: unknown;
}

/** The messages, stacks and output behind a run's counts. */
export interface CommandDetails {
  kind: TargetKind;
  rejections: RejectionDetail[];
  /** How many rejections there were beyond the ones kept. */
  rejectionsOmitted: number;
  hang?: CommandHang;
  crash?: CommandCrash;
  error?: { message: string; exitCode: number | null };
  findings: InstrumentFinding[];
  notes: string[];
  exitCode: number | null;
  signal: string | null;
  /** The last lines the program wrote, zmqdiag's own channel lines left out. */
  output: { stdout: string[]; stderr: string[] };
  deadlines: { runMs: number; stopAfterMs?: number; exitMs?: number };
}

/** One run's result: the fields of a `result` line. */
export interface CommandResult {
  scenario: "command";
  command: string[];
  iteration: number;
  /** The runtime zmqdiag itself ran on. */
  runtime: RuntimeName;
  unhandledRejections: number;
  hangs: number;
  /** Not knowable from outside an arbitrary program: null, never 0; inside zeromq.js programs, the abandoned receives seen. */
  lostMessages: number | null;
  crashes: number;
  errors: number;
  verdict: "pass" | "fail";
  durationMs: number;
  details: CommandDetails;
}

/** The last line of `--json` for command runs: how many runs showed each finding. */
export interface CommandSummary {
  runs: number;
  passed: number;
  failed: number;
  /** Runs with at least one of each finding (`hang` also by phase: `hang:exit`), and each instrumentation kind. */
  runsWith: Record<string, number>;
  /** Messages lost over all runs where a run could see them (zeromq.js instrumentation); null when no run could. */
  lostMessages: number | null;
}
