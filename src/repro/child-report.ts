/**
 * What the parent learns of one repro child while it runs (its protocol messages, its own
 * output, its stderr), and the pure function that turns that, with how the child ended, into a
 * RunResult. No process, no timer here: run-child.ts supervises; this judges, and is tested by
 * feeding it what a child would have said.
 */
import { pendingReport } from "../engine/registry.ts";
import type { ChildMessage, ChildState, Phase } from "./child-protocol.ts";
import { crashLine, crashSignal, stderrTail } from "./crash-detect.ts";
import type { HangDetail, RunResult } from "./run-result.ts";
import type { RunSpec } from "./run-spec.ts";
import { judge } from "./verdict.ts";

/** A run's end: a result, or a skip the child found (its engine is not available). */
export type RunOutcome = { kind: "result"; result: RunResult } | { kind: "skip"; reason: string };

const maxNotes = 20;
const maxOutputLines = 20;
const maxStderrChars = 64 * 1024;

/** How the child ended, as supervision saw it. */
export interface ChildEnd {
  code: number | null;
  signal: string | null;
  /** What stopped repro itself, if something did before this child ended. */
  stoppedBy?: string;
  /** performance.now() at the end (phase timings), and Date.now() (ages of pending operations). */
  at: number;
  wallClock: number;
}

/** Everything one child reported; filled in as its messages and output arrive. */
export class ChildReport {
  phase: Phase | "start" = "start";
  readonly phaseMs: Partial<Record<Phase | "start", number>> = {};
  state: ChildState | undefined;
  skip: string | undefined;
  drained = false;
  hang: HangDetail | undefined;
  /** A deadline passed, so zmqdiag kills the child: the SIGKILL it ends by is ours, not a crash. */
  pastDeadline = false;
  rejections = 0;
  readonly rejectionMessages: string[] = [];
  readonly errors: Array<{ phase: string; message: string }> = [];
  readonly notes: string[] = [];
  readonly output: string[] = [];
  stderr = "";

  /** `started` and `phaseStarted` are performance.now() times. */
  constructor(readonly started: number, public phaseStarted = started) {}

  /** Applies one protocol message received at `now`; returns the phase when one began. */
  apply(m: ChildMessage, now: number): Phase | undefined {
    switch (m.t) {
      case "phase":
        this.phaseMs[this.phase] = Math.round(now - this.phaseStarted);
        this.phase = m.phase;
        this.phaseStarted = now;
        return m.phase;
      case "state":
        this.state = m.state;
        break;
      case "rejection":
        this.rejections++;
        if (m.message) this.rejectionMessages.push(m.message);
        break;
      case "error":
        this.errors.push({ phase: m.phase, message: m.message });
        break;
      case "note":
        if (this.notes.length < maxNotes) this.notes.push(m.text);
        break;
      case "skip":
        this.skip = m.reason;
        break;
      case "drained":
        this.drained = true;
        break;
    }
    return undefined;
  }

  /** A line the scenario printed itself: only the last few are kept. */
  outputLine(line: string): void {
    if (line.trim() === "") return;
    this.output.push(line);
    if (this.output.length > maxOutputLines) this.output.splice(0, this.output.length - maxOutputLines);
  }

  /** Stderr text: only the tail is kept, where a crash line or an uncaught error is. */
  stderrText(d: string): void {
    this.stderr = (this.stderr + d).slice(-maxStderrChars);
  }

  /** A phase deadline passed: the hang, named once the child's state (or nothing) is in. */
  deadlinePassed(deadlineMs: number): void {
    this.pastDeadline = true;
    if (this.phase === "start") {
      this.errors.push({ phase: "start", message: `the child did not reach setup within ${deadlineMs} ms` });
      return;
    }
    this.hang = { phase: this.phase, deadlineMs, elapsedMs: 0, reason: "deadline", pending: [], sockets: [] };
  }
}

/** The run's outcome from what the child reported and how it ended. Pure. */
export function runOutcome(spec: RunSpec, r: ChildReport, end: ChildEnd): RunOutcome {
  const form = spec.scenario.forms[spec.formIndex];
  const { phase, errors, state } = r;
  r.phaseMs[phase] = Math.round(end.at - r.phaseStarted);
  if (r.skip !== undefined) return { kind: "skip", reason: r.skip };
  // Killed because repro was stopped, not by what it ran: no verdict can be given.
  const interrupted = end.stoppedBy !== undefined && !r.hang && end.code === null ? end.stoppedBy : undefined;
  const crashedBy = r.pastDeadline || interrupted ? undefined : crashSignal(end.code, end.signal, r.stderr);
  let hang = r.hang;
  if (!hang && !crashedBy && r.drained && phase !== "exit" && phase !== "start" && errors.length === 0) {
    // The event loop emptied while a phase still waited: nothing could ever settle it.
    hang = {
      phase,
      deadlineMs: spec.deadlines[phase],
      elapsedMs: Math.round(end.at - r.phaseStarted),
      reason: "deadlock",
      pending: [],
      sockets: [],
    };
  }
  if (!hang && !crashedBy && !interrupted && errors.length === 0 && (end.code !== 0 || phase !== "exit")) {
    const when = phase === "exit" ? "" : ` during ${phase}, before the phase ended (process.exit?)`;
    errors.push({ phase, message: `the child exited with code ${end.code}${when}${lastErrorLine(r.stderr)}` });
  }
  if (hang && state) {
    hang.pending = state.registry.pending.map((p) => pendingReport(p, end.wallClock));
    hang.sockets = state.registry.sockets;
  }
  const counts = {
    unhandledRejections: r.rejections,
    hangs: hang ? 1 : 0,
    lostMessages: state?.lost ?? 0,
    crashes: crashedBy ? 1 : 0,
    errors: errors.length,
  };
  const { verdict, reproduced } = interrupted
    ? { verdict: "fail" as const, reproduced: false }
    : judge(form.variant, form.reproduces, counts);
  const crash = crashedBy
    ? { signal: crashedBy, exitCode: end.code, line: crashLine(r.stderr), stderrTail: stderrTail(r.stderr), phase }
    : undefined;
  return {
    kind: "result",
    result: {
      scenario: spec.scenario.name,
      variant: form.variant,
      form: form.form,
      engine: spec.engine,
      runtime: spec.runtime,
      ...counts,
      reproduced,
      verdict,
      ...(interrupted ? { interrupted: true as const } : {}),
      durationMs: Math.round(end.at - r.started),
      details: {
        expected: form.variant === "buggy" ? form.reproduces : "clean",
        rejections: r.rejectionMessages,
        lostRanges: state?.lostRanges ?? [],
        sent: state?.sent ?? 0,
        processed: state?.processed ?? 0,
        hang,
        crash,
        errors,
        notes: r.notes,
        output: r.output,
        exitCode: end.code,
        signal: end.signal,
        seed: spec.seed,
        iterations: spec.iterations,
        deadlines: spec.deadlines,
        phaseMs: r.phaseMs,
        file: spec.scenario.file,
        ...(interrupted ? { interruptedBy: interrupted } : {}),
      },
    },
  };
}

/** ": <the line that says what went wrong>" from an uncaught error's stderr, or "". */
function lastErrorLine(stderr: string): string {
  const lines = stderrTail(stderr, 40).split("\n").map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /^(error: |Uncaught|\w*Error\b|\w+ \[\w+\]:)/.test(l)) ?? lines[lines.length - 1];
  return line ? `: ${line.slice(0, 300)}` : "";
}
