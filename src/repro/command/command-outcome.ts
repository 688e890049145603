/**
 * Turns what was seen of one command run into its result: a crash (with its known cause), an
 * error (a non-zero exit that is not a crash), the notes that explain an exit, the verdict.
 */
import { runtimeName } from "../../runtime/runtime-name.ts";
import { crashLine, crashSignal } from "../crash-detect.ts";
import type { CommandHang, CommandResult, InstrumentFinding, RejectionDetail } from "./command-result.ts";
import { crashCause } from "./crash-causes.ts";
import { lostMessagesOf } from "../../preload/zeromq/findings.ts";
import type { LineTail } from "./line-tail.ts";
import type { CommandRunSpec } from "./command-run-spec.ts";
import type { SupervisorMessage } from "./supervisor-protocol.ts";
import { withoutColors } from "../../cli/without-colors.ts";

/** What run-command.ts observed. */
export interface Observed {
  spec: CommandRunSpec;
  hang?: CommandHang;
  stopped: boolean;
  exit?: Extract<SupervisorMessage, { t: "exit" }>;
  spawnError?: Extract<SupervisorMessage, { t: "spawn-error" }>;
  rejectionCount: number;
  rejections: RejectionDetail[];
  findings: InstrumentFinding[];
  notes: string[];
  jsPid?: number;
  stdout: LineTail;
  stderr: LineTail;
  durationMs: number;
}

const signalNumbers: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };

/** The line that says what went wrong: a Python exception line, a JS error line, else the last line. */
export function errorLine(stderr: string): string | undefined {
  const lines = withoutColors(stderr).split("\n").map((l) => l.trim()).filter(Boolean).slice(-40);
  const pattern = /^(error: |Uncaught|([\w.]+\.)?\w*(Error|Exception|Interrupt)\b|\w+ \[\w+\]:)/;
  return ([...lines].reverse().find((l) => pattern.test(l)) ?? lines[lines.length - 1])?.slice(0, 300);
}

/** The result of one run. */
export function commandOutcome(o: Observed): CommandResult {
  const { spec, hang, exit } = o;
  const notes = [...o.notes];
  const code = exit?.code ?? null;
  const signal = exit?.signal ?? null;
  const stderrText = o.stderr.tailText();
  const isJs = spec.target.kind === "node" || spec.target.kind === "deno" || spec.target.kind === "bun";
  if (spec.target.noPreload) notes.push(`no preload: ${spec.target.noPreload}; unhandled rejections are not counted`);
  else if (isJs && o.jsPid === undefined && !o.spawnError) {
    notes.push("the preload did not report in: unhandled rejections are not counted");
  }
  // The stop signal's own effect is the expected end of a stopped server, not a crash or an error.
  const stopEnd = o.stopped &&
    (signal === spec.stopSignal || code === 128 + signalNumbers[spec.stopSignal] || code === 0);
  const interrupted = o.stopped && spec.stopSignal === "SIGINT" && /KeyboardInterrupt/.test(stderrText);
  if (interrupted) notes.push("the program ended on SIGINT with a KeyboardInterrupt traceback");
  let crash: CommandResult["details"]["crash"];
  if (!hang && exit && !stopEnd) {
    const by = crashSignal(code, signal, stderrText);
    if (by) {
      const known = crashCause(stderrText);
      crash = { signal: by, line: known?.line ?? crashLine(stderrText), cause: known?.cause ?? null };
    }
  }
  // Node and Deno end at the first unhandled rejection, with exit code 1: that is the rejection, not another error.
  const endedByRejection = isJs && spec.rejections === "keep" && o.rejectionCount > 0 && code === 1;
  if (endedByRejection) {
    notes.push(
      `the program ended at its first unhandled rejection (exit 1), as ${spec.target.kind} does; --rejections count keeps it running and counts every one`,
    );
  }
  let error: CommandResult["details"]["error"];
  if (o.spawnError) {
    error = { message: `could not start ${spec.target.command[0]}: ${o.spawnError.code}`, exitCode: null };
  } else if (!exit && !hang) {
    error = { message: "the command never started or zmqdiag lost its supervisor", exitCode: null };
  } else if (!hang && !crash && !stopEnd && !interrupted && !endedByRejection && code !== 0) {
    const line = errorLine(stderrText);
    error = { message: `exited with code ${code}${line ? `: ${line}` : ""}`, exitCode: code };
  }
  const counts = {
    unhandledRejections: o.rejectionCount,
    hangs: hang ? 1 : 0,
    lostMessages: lostMessagesOf(o.findings),
    crashes: crash ? 1 : 0,
    errors: error ? 1 : 0,
  };
  const clean = !counts.unhandledRejections && !counts.hangs && !counts.crashes && !counts.errors && !o.findings.length;
  return {
    scenario: "command",
    command: spec.target.command,
    iteration: spec.iteration,
    runtime: runtimeName(),
    ...counts,
    verdict: clean ? "pass" : "fail",
    durationMs: o.durationMs,
    details: {
      kind: spec.target.kind,
      rejections: o.rejections,
      rejectionsOmitted: o.rejectionCount - o.rejections.length,
      ...(hang ? { hang } : {}),
      ...(crash ? { crash } : {}),
      ...(error ? { error } : {}),
      findings: o.findings,
      notes,
      exitCode: code,
      signal,
      output: { stdout: o.stdout.tailLines(), stderr: o.stderr.tailLines() },
      deadlines: spec.stopAfterMs === undefined
        ? { runMs: spec.runMs }
        : { runMs: spec.stopAfterMs, stopAfterMs: spec.stopAfterMs, exitMs: spec.exitMs },
    },
  };
}
