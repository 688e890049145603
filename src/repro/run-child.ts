/**
 * Runs one repro child and supervises it: spawns it, arms the phase deadlines, asks a hung child
 * for its registry before killing it, and never waits forever for one that will not die. What the
 * child said is collected in a ChildReport and judged by child-report.ts; the child can die any
 * way it likes, and this never throws because of it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { parseChildLine } from "./child-protocol.ts";
import { childCommand } from "./child-command.ts";
import { ChildReport, type RunOutcome, runOutcome } from "./child-report.ts";
import type { RunSpec } from "./run-spec.ts";
import { startDeadlineForTest } from "../test-hooks.ts";

/** How long a child may take to start (runtime boot, module and engine loading) before setup. */
export const startDeadlineMs = 30_000;
/** How long a hung child has to answer the request for its registry before it is killed. */
const stateAnswerMs = 100;
/** How long a SIGKILLed child may take to be reported closed before the run ends anyway. */
const lastResortMs = 2000;

const running = new Set<ChildProcess>();
/** What stopped repro (e.g. "SIGINT"), once it was stopped. */
let stoppedBy: string | undefined;

/** Counts `child` among the children killRunningChildren() ends (a run's, or a --file's describe step). */
export function trackChild(child: ChildProcess): void {
  running.add(child);
  child.on("close", () => running.delete(child));
}

/** SIGKILL by pid: process.kill, not child.kill, as Deno's ChildProcess ignores any kill() after the first. */
function signalChild(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(child.pid!, signal);
  } catch {
    // already gone
  }
}

/**
 * Kills every child still running, at once: when repro itself is stopped, a child that hangs
 * (that is what some forms do) must not outlive it. The runs it cuts short are `interrupted`
 * by `cause`; runs not started yet are skipped.
 */
export function killRunningChildren(cause = "a signal"): void {
  stoppedBy ??= cause;
  for (const child of running) signalChild(child, "SIGKILL");
}

/** Runs the child to its end. */
export function runChild(spec: RunSpec): Promise<RunOutcome> {
  const ref = spec.scenario.file ? ["--file", spec.scenario.file] : ["--scenario", spec.scenario.name];
  const args = [
    ...ref,
    "--form",
    String(spec.formIndex),
    "--engine",
    spec.engine,
    "--iterations",
    String(spec.iterations),
    "--seed",
    String(spec.seed),
  ];
  const cmd = childCommand(spec.runtime, args, spec.scenario.file);
  if (!cmd) return Promise.resolve({ kind: "skip", reason: `${spec.runtime} is not installed` });
  if (stoppedBy) return Promise.resolve({ kind: "skip", reason: `not started: repro was stopped by ${stoppedBy}` });
  const report = new ChildReport(performance.now());
  const child = spawn(cmd[0], cmd.slice(1), {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  trackChild(child);
  return new Promise((resolve) => {
    const sup = supervise(child, report, (code, signal) => {
      resolve(runOutcome(spec, report, { code, signal, stoppedBy, at: performance.now(), wallClock: Date.now() }));
    });
    sup.arm(startDeadlineForTest() ?? startDeadlineMs);
    readLines(child, (line) => {
      const m = parseChildLine(line);
      if (!m) return report.outputLine(line);
      const began = report.apply(m, performance.now());
      if (began) sup.arm(spec.deadlines[began]);
      if (m.t === "state" && report.hang) sup.stateArrived();
    });
    child.stderr!.setEncoding("utf8").on("data", (d: string) => report.stderrText(d));
    child.on("error", (e) => {
      report.errors.push({ phase: "start", message: `could not start ${spec.runtime}: ${e.message}` });
      sup.finish(null, null);
    });
  });
}

/** The timers around one child: the phase deadline, the wait for its state, the last resort. */
function supervise(
  child: ChildProcess,
  report: ChildReport,
  done: (code: number | null, signal: string | null) => void,
) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  let lastResort: ReturnType<typeof setTimeout> | undefined;
  let finished = false;
  const finish = (code: number | null, signal: string | null) => {
    if (finished) return;
    finished = true;
    for (const t of [timer, killTimer, lastResort]) clearTimeout(t);
    done(code, signal);
  };
  const hardKill = () => {
    // Never wait forever for a child that will not die.
    lastResort ??= setTimeout(() => finish(null, "SIGKILL"), lastResortMs);
    if (!child.kill("SIGKILL")) signalChild(child, "SIGKILL");
  };
  const kill = () => {
    clearTimeout(killTimer);
    killTimer = undefined;
    if (report.hang) report.hang.elapsedMs = Math.round(performance.now() - report.phaseStarted);
    hardKill();
  };
  const onDeadline = (deadlineMs: number) => {
    report.deadlinePassed(deadlineMs);
    if (!report.hang) return hardKill();
    // Ask for the registry; the answer (or, failing that, the latest state) names the hang.
    signalChild(child, "SIGUSR2");
    killTimer = setTimeout(kill, stateAnswerMs);
  };
  child.on("close", (code, signal) => finish(code, signal));
  return {
    arm(deadlineMs: number) {
      clearTimeout(timer);
      timer = setTimeout(() => onDeadline(deadlineMs), deadlineMs);
    },
    /** The hung child answered with its state: no need to wait any longer. */
    stateArrived() {
      if (killTimer) kill();
    },
    finish,
  };
}

/** Calls `onLine` for each whole line of the child's stdout. */
function readLines(child: ChildProcess, onLine: (line: string) => void): void {
  let buffered = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    buffered += d;
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) onLine(line);
  });
}
