/**
 * Runs a command once under its supervisor and watches it: the deadlines of its phases, the
 * preload's events, asyncio's messages, the output. The deadlines and what a missed one found are
 * command-watch.ts's; what the observations mean (counts, verdict) is decided in command-outcome.ts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parsePreloadLine } from "../../preload/channel.ts";
import { projectRoot } from "../../runtime/project-paths.ts";
import { scriptCommand } from "../../runtime/runtime-command.ts";
import { runtimeName } from "../../runtime/runtime-name.ts";
import { AsyncioScanner } from "./asyncio-messages.ts";
import type { CommandResult } from "./command-result.ts";
import { CommandReport } from "./command-report.ts";
import { commandOutcome, type Observed } from "./command-outcome.ts";
import { CommandWatch } from "./command-watch.ts";
import { LineTail } from "./line-tail.ts";
import { parseSupervisorLine, type SupervisorRequest } from "./supervisor-protocol.ts";
import type { CommandRunSpec } from "./command-run-spec.ts";

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
  const report = new CommandReport();
  const watch = new CommandWatch(
    spec,
    { group: () => sup.pid!, stacksDir, report, request: (r) => request(sup, r) },
    started,
  );
  const ends: Pick<Observed, "exit" | "spawnError"> = {};
  const asyncio = new AsyncioScanner((m) => report.rejection(m));
  const stderr = new LineTail((line) => {
    const e = parsePreloadLine(line);
    if (e) report.preload(e);
    else asyncio.line(line);
    return e !== undefined;
  });
  const stdout = new LineTail((line) => {
    const m = parseSupervisorLine(line);
    if (m?.t === "started") watch.started();
    else if (m?.t === "exit") ends.exit = m;
    else if (m?.t === "spawn-error") ends.spawnError = m;
    else if (m?.t === "leftovers") report.leftovers(m.processes);
    return m !== undefined;
  });
  watch.awaitStart(startMs);
  sup.stdout!.setEncoding("utf8").on("data", (d: string) => stdout.push(d));
  sup.stderr!.setEncoding("utf8").on("data", (d: string) => stderr.push(d));

  return new Promise((resolve) => {
    sup.on("close", async () => {
      watch.end();
      await watch.gathering;
      running.delete(sup);
      stdout.end();
      stderr.end();
      asyncio.flush();
      fs.rmSync(stacksDir, { recursive: true, force: true });
      const { rejectionCount, rejections, findings, notes, jsPid } = report;
      const { hang, stopped } = watch;
      resolve(commandOutcome({
        spec,
        hang,
        stopped,
        ...ends,
        rejectionCount,
        rejections,
        findings,
        notes,
        jsPid,
        stdout,
        stderr,
        durationMs: Math.round(performance.now() - started),
      }));
    });
  });
}
