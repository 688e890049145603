/**
 * Runs a command once under its supervisor and watches it: the deadlines of its phases, the
 * preload's events, asyncio's messages, the output; on a hang, what it was doing before the kill.
 * What the observations mean (counts, verdict) is decided in command-outcome.ts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parsePreloadLine } from "../../preload/channel.ts";
import type { RejectionMode } from "../../preload/install.ts";
import { projectRoot } from "../../runtime/project-paths.ts";
import { scriptCommand } from "../../runtime/runtime-command.ts";
import { runtimeName } from "../../runtime/runtime-name.ts";
import { AsyncioScanner } from "./asyncio-messages.ts";
import type { CommandHang, CommandPhase, CommandResult } from "./command-result.ts";
import { CommandReport } from "./command-report.ts";
import { commandOutcome } from "./command-outcome.ts";
import { gatherHangEvidence } from "./hang-evidence.ts";
import { LineTail } from "./line-tail.ts";
import { parseSupervisorLine, type SupervisorMessage, type SupervisorRequest } from "./supervisor-protocol.ts";
import type { Target } from "./target.ts";

/** One run to make. */
export interface CommandRunSpec {
  target: Target;
  iteration: number;
  /** --timeout: how long the program may run (without --stop-after). */
  runMs: number;
  /** --stop-after: when the stop signal is sent. */
  stopAfterMs?: number;
  stopSignal: "SIGTERM" | "SIGINT";
  /** --exit-timeout: how long the program has to exit after the stop signal. */
  exitMs: number;
  rejections: RejectionMode;
}

/** How long the supervisor and the command may take to start. */
const startMs = 30_000;

/** The supervisors still running, so that a stopped zmqdiag ends their groups. */
const running = new Set<ChildProcess>();

/** Ends every run's process group at once (zmqdiag is stopping). */
export function killAllCommandRuns(): void {
  for (const sup of running) request(sup, "kill");
}

function request(sup: ChildProcess, r: SupervisorRequest): void {
  try {
    sup.stdin?.write(`${r}\n`);
  } catch {
    // the supervisor is gone, and its group with it
  }
}

/** The folder of zmqdiag's sitecustomize, first on PYTHONPATH. */
const pythonPreloadDir = path.join(projectRoot, "src", "preload", "python");

/** Starts the supervisor of `spec`'s command in a process group of its own, the preloads in place. */
function spawnSupervisor(spec: CommandRunSpec, stacksDir: string): ChildProcess {
  const pythonPath = [pythonPreloadDir, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
  const supCmd = scriptCommand(runtimeName(), "src/repro/command/supervisor.ts", [JSON.stringify(spec.target.argv)])!;
  const sup = spawn(supCmd[0], supCmd.slice(1), {
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, PYTHONPATH: pythonPath, ZMQDIAG_STACKS_DIR: stacksDir },
  });
  running.add(sup);
  sup.stdin!.on("error", () => {});
  return sup;
}

/** Runs the command to its end. */
export function runCommand(spec: CommandRunSpec): Promise<CommandResult> {
  const started = performance.now();
  const stacksDir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqdiag-stacks-"));
  const sup = spawnSupervisor(spec, stacksDir);

  let phase: CommandPhase = "run";
  let phaseStarted = started;
  let hang: CommandHang | undefined;
  let stopped = false;
  let exit: Extract<SupervisorMessage, { t: "exit" }> | undefined;
  let spawnError: Extract<SupervisorMessage, { t: "spawn-error" }> | undefined;
  const report = new CommandReport();
  const asyncio = new AsyncioScanner((m) => report.rejection(m));
  const stderr = new LineTail((line) => {
    const e = parsePreloadLine(line);
    if (e) report.preload(e);
    else asyncio.line(line);
    return e !== undefined;
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number, then: () => void) => {
    clearTimeout(timer);
    timer = setTimeout(then, ms);
  };
  // The signals that ask for stacks can end a wait (ctx.term() returns on EINTR): the result waits for the evidence.
  let gathering: Promise<void> | undefined;
  const onHang = (deadlineMs: number) => {
    const h: CommandHang = (hang = { phase, deadlineMs, elapsedMs: 0, stacks: [], pending: [], processes: [] });
    gathering = gatherHangEvidence({ group: sup.pid!, jsPid: report.jsPid, stacksDir, state: () => report.state }).then(
      (evidence) => {
        Object.assign(h, evidence, {
          pending: pendingOf(evidence.state),
          elapsedMs: Math.round(performance.now() - phaseStarted),
        });
        request(sup, "kill");
      },
    );
  };
  const onStarted = () => {
    phaseStarted = performance.now();
    if (spec.stopAfterMs === undefined) return arm(spec.runMs, () => onHang(spec.runMs));
    arm(spec.stopAfterMs, () => {
      stopped = true;
      phase = "exit";
      phaseStarted = performance.now();
      request(sup, `signal ${spec.stopSignal}`);
      arm(spec.exitMs, () => onHang(spec.exitMs));
    });
  };
  const onSupervisor = (m: SupervisorMessage) => {
    if (m.t === "started") onStarted();
    else if (m.t === "exit") exit = m;
    else if (m.t === "spawn-error") spawnError = m;
    else if (m.t === "leftovers") report.leftovers(m.processes);
  };
  const stdout = new LineTail((line) => {
    const m = parseSupervisorLine(line);
    if (m) onSupervisor(m);
    return m !== undefined;
  });
  arm(startMs, () => {
    report.note(`the command did not start within ${startMs} ms`);
    request(sup, "kill");
  });
  sup.stdout!.setEncoding("utf8").on("data", (d: string) => stdout.push(d));
  sup.stderr!.setEncoding("utf8").on("data", (d: string) => stderr.push(d));

  return new Promise((resolve) => {
    sup.on("close", async () => {
      clearTimeout(timer);
      await gathering;
      running.delete(sup);
      stdout.end();
      stderr.end();
      asyncio.flush();
      fs.rmSync(stacksDir, { recursive: true, force: true });
      const { rejectionCount, rejections, findings, notes, jsPid } = report;
      resolve(
        commandOutcome({
          spec,
          hang,
          stopped,
          exit,
          spawnError,
          rejectionCount,
          rejections,
          findings,
          notes,
          jsPid,
          stdout,
          stderr,
          durationMs: Math.round(performance.now() - started),
        }),
      );
    });
  });
}

/** Every `pending` list in a JS program's state (the zeromq.js instrumentation provides one). */
function pendingOf(state: Record<string, unknown> | undefined): unknown[] {
  if (!state) return [];
  return Object.values(state).flatMap((
    v,
  ) => (v && typeof v === "object" && Array.isArray((v as { pending?: unknown }).pending)
    ? (v as { pending: unknown[] }).pending
    : [])
  );
}
