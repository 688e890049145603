/**
 * Runs one repro child and watches it: phase deadlines, the hang it names, a crash it meets,
 * the errors and rejections it reports. The child can die any way it likes; this never throws
 * because of it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { EngineName } from "../engine/types.ts";
import type { RuntimeName } from "../runtime/runtime-name.ts";
import { parseChildLine, type ChildMessage, type ChildState, type Phase } from "./child-protocol.ts";
import { childCommand } from "./child-command.ts";
import { crashLine, crashSignal, stderrTail } from "./crash-detect.ts";
import type { HangDetail, RunResult } from "./run-result.ts";
import type { ScenarioInfo } from "./scenario-info.ts";
import { judge } from "./verdict.ts";

/** One run to make. */
export interface RunSpec {
  scenario: ScenarioInfo;
  formIndex: number;
  engine: EngineName | "none";
  runtime: RuntimeName;
  iterations: number;
  seed: number;
  deadlines: Record<Phase, number>;
}

/** A run's end: a result, or a skip the child found (its engine is not available). */
export type RunOutcome = { kind: "result"; result: RunResult } | { kind: "skip"; reason: string };

/** How long a child may take to start (runtime boot, module and engine loading) before setup. */
export const startDeadlineMs = 30_000;
/** How long a hung child has to answer the request for its registry before it is killed. */
const stateAnswerMs = 100;
const maxNotes = 20;
const maxOutputLines = 20;

const running = new Set<ChildProcess>();
/** What stopped repro (e.g. "SIGINT"), once it was stopped. */
let stoppedBy: string | undefined;

/** Counts `child` among the children killRunningChildren() ends (a run's, or a --file's describe step). */
export function trackChild(child: ChildProcess): void {
  running.add(child);
  child.on("close", () => running.delete(child));
}

/**
 * Kills every child still running, at once: when repro itself is stopped, a child that hangs
 * (that is what some forms do) must not outlive it. The runs it cuts short are `interrupted`
 * by `cause`; runs not started yet are skipped.
 */
export function killRunningChildren(cause = "a signal"): void {
  stoppedBy ??= cause;
  for (const child of running) {
    try {
      process.kill(child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Runs the child to its end. */
export function runChild(spec: RunSpec): Promise<RunOutcome> {
  const form = spec.scenario.forms[spec.formIndex];
  const ref = spec.scenario.file ? ["--file", spec.scenario.file] : ["--scenario", spec.scenario.name];
  const args = [...ref, "--form", String(spec.formIndex), "--engine", spec.engine, "--iterations", String(spec.iterations), "--seed", String(spec.seed)];
  const cmd = childCommand(spec.runtime, args, spec.scenario.file);
  if (!cmd) return Promise.resolve({ kind: "skip", reason: `${spec.runtime} is not installed` });
  if (stoppedBy) return Promise.resolve({ kind: "skip", reason: `not started: repro was stopped by ${stoppedBy}` });
  const started = performance.now();
  const child = spawn(cmd[0], cmd.slice(1), { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  trackChild(child);

  let phase: Phase | "start" = "start";
  let phaseStarted = started;
  const phaseMs: Partial<Record<Phase | "start", number>> = {};
  let state: ChildState | undefined;
  let skip: string | undefined;
  let drained = false;
  let hang: HangDetail | undefined;
  let rejections = 0;
  const rejectionMessages: string[] = [];
  const errors: Array<{ phase: string; message: string }> = [];
  const notes: string[] = [];
  const output: string[] = [];
  let stderr = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  let killTimer: ReturnType<typeof setTimeout> | undefined;

  let forceFinish: (() => void) | undefined;
  let lastResort: ReturnType<typeof setTimeout> | undefined;
  const hardKill = () => {
    // Never wait forever for a child that will not die.
    lastResort ??= setTimeout(() => forceFinish?.(), 2000);
    if (child.kill("SIGKILL")) return;
    try {
      process.kill(child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  };
  const kill = () => {
    clearTimeout(killTimer);
    if (hang) hang.elapsedMs = Math.round(performance.now() - phaseStarted);
    hardKill();
  };
  const onDeadline = (deadlineMs: number) => {
    if (phase === "start") {
      errors.push({ phase: "start", message: `the child did not reach setup within ${deadlineMs} ms` });
      hardKill();
      return;
    }
    hang = { phase, deadlineMs, elapsedMs: 0, reason: "deadline", pending: [], sockets: [] };
    // Ask for the registry; the answer (or, failing that, the latest state) names the hang.
    // process.kill, not child.kill: Deno's ChildProcess ignores any kill() after the first.
    try {
      process.kill(child.pid!, "SIGUSR2");
    } catch {
      // already gone
    }
    killTimer = setTimeout(kill, stateAnswerMs);
  };
  const arm = (deadlineMs: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => onDeadline(deadlineMs), deadlineMs);
  };
  arm(startDeadlineMs);

  const onMessage = (m: ChildMessage) => {
    switch (m.t) {
      case "phase":
        phaseMs[phase] = Math.round(performance.now() - phaseStarted);
        phase = m.phase;
        phaseStarted = performance.now();
        arm(spec.deadlines[m.phase]);
        break;
      case "state":
        state = m.state;
        if (hang && killTimer) kill();
        break;
      case "rejection":
        rejections++;
        if (m.message) rejectionMessages.push(m.message);
        break;
      case "error":
        errors.push({ phase: m.phase, message: m.message });
        break;
      case "note":
        if (notes.length < maxNotes) notes.push(m.text);
        break;
      case "skip":
        skip = m.reason;
        break;
      case "drained":
        drained = true;
        break;
    }
  };
  let buffered = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    buffered += d;
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) {
      const m = parseChildLine(line);
      if (m) onMessage(m);
      else if (line.trim() !== "") output.push(line);
    }
    if (output.length > maxOutputLines) output.splice(0, output.length - maxOutputLines);
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr = (stderr + d).slice(-64 * 1024);
  });

  return new Promise((resolve) => {
    let finished = false;
    const finish = (code: number | null, signal: string | null) => {
      if (finished) return;
      finished = true;
      clearTimeout(lastResort);
      phaseMs[phase] = Math.round(performance.now() - phaseStarted);
      clearTimeout(timer);
      clearTimeout(killTimer);
      if (skip !== undefined) return resolve({ kind: "skip", reason: skip });
      // Killed because repro was stopped, not by what it ran: no verdict can be given.
      const interrupted = stoppedBy !== undefined && !hang && code === null ? stoppedBy : undefined;
      const crashedBy = hang || interrupted ? undefined : crashSignal(code, signal, stderr);
      if (!hang && !crashedBy && drained && phase !== "exit" && phase !== "start" && errors.length === 0) {
        // The event loop emptied while a phase still waited: nothing could ever settle it.
        hang = { phase, deadlineMs: spec.deadlines[phase], elapsedMs: Math.round(performance.now() - phaseStarted), reason: "deadlock", pending: [], sockets: [] };
      }
      if (!hang && !crashedBy && !interrupted && errors.length === 0 && (code !== 0 || phase !== "exit")) {
        const when = phase === "exit" ? "" : ` during ${phase}, before the phase ended (process.exit?)`;
        errors.push({ phase, message: `the child exited with code ${code}${when}${lastErrorLine(stderr)}` });
      }
      if (hang && state) {
        const now = Date.now();
        hang.pending = state.registry.pending.map((p) => ({ ...p, ageMs: Math.max(0, now - p.since) }));
        hang.sockets = state.registry.sockets;
      }
      const counts = {
        unhandledRejections: rejections,
        hangs: hang ? 1 : 0,
        lostMessages: state?.lost ?? 0,
        crashes: crashedBy ? 1 : 0,
        errors: errors.length,
      };
      const judged = judge(form.variant, form.reproduces, counts);
      const { verdict, reproduced } = interrupted ? { verdict: "fail" as const, reproduced: false } : judged;
      resolve({
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
          durationMs: Math.round(performance.now() - started),
          details: {
            expected: form.variant === "buggy" ? form.reproduces : "clean",
            rejections: rejectionMessages,
            lostRanges: state?.lostRanges ?? [],
            sent: state?.sent ?? 0,
            processed: state?.processed ?? 0,
            hang,
            crash: crashedBy ? { signal: crashedBy, exitCode: code, line: crashLine(stderr), stderrTail: stderrTail(stderr), phase } : undefined,
            errors,
            notes,
            output,
            exitCode: code,
            signal,
            seed: spec.seed,
            iterations: spec.iterations,
            deadlines: spec.deadlines,
            phaseMs,
            file: spec.scenario.file,
            ...(interrupted ? { interruptedBy: interrupted } : {}),
          },
        },
      });
    };
    child.on("error", (e) => {
      errors.push({ phase: "start", message: `could not start ${spec.runtime}: ${e.message}` });
      finish(null, null);
    });
    forceFinish = () => finish(null, "SIGKILL");
    child.on("close", (code, signal) => finish(code, signal));
  });
}

/** ": <the line that says what went wrong>" from an uncaught error's stderr, or "". */
function lastErrorLine(stderr: string): string {
  const lines = stderrTail(stderr, 40).split("\n").map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /^(error: |Uncaught|\w*Error\b|\w+ \[\w+\]:)/.test(l)) ?? lines[lines.length - 1];
  return line ? `: ${line.slice(0, 300)}` : "";
}
