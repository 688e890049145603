/**
 * `zmqdiag sub`: runs a session (here or in a worker), shows progress, stops on a signal, and
 * prints the report (for people, or JSON Lines) and writes --report. Returns the exit code.
 */
import { emitJson } from "../cli/json-lines.ts";
import { writeReportFile } from "../cli/report-file.ts";
import { onStopSignal } from "../runtime/signals.ts";
import { forceExit, noticeIfSlow } from "../cli/stop-notice.ts";
import { progressIntervalMs, ProgressLine } from "../stream/progress-line.ts";
import { PeerRefusedReport, refusalOf } from "../stream/peer-events.ts";
import type { GapEvent } from "./accounting.ts";
import { type SessionHandle, startLocalSession } from "./session-handle.ts";
import type { SessionHooks } from "./sub-session.ts";
import type { SubOptions } from "./sub-options.ts";
import { subProgressText, subReportLines } from "./sub-report.ts";
import { subExitCode, subSummary } from "./sub-summary.ts";
import { subEventPrinter } from "./sub-events.ts";

/** JSON `gap` events beyond this many are counted, not printed (a PUB at its HWM drops a lot). */
const maxGapEvents = 1000;
const jsonProgressMs = 1000;

/** Runs `sub` with checked options. */
export async function runSub(opts: SubOptions): Promise<number> {
  let gapEvents = 0;
  const onGap = (gap: GapEvent) => {
    if (opts.json && ++gapEvents <= maxGapEvents) emitJson({ type: "gap", ...gap });
  };
  const line = opts.json ? new ProgressLine(false) : new ProgressLine();
  const refusals = new PeerRefusedReport(opts.json, (text) => (line.done(), process.stderr.write(`${text}\n`)));
  const events = subEventPrinter(opts.json);
  const show: SessionHooks["onEvent"] = (e, atMs) => {
    const refusal = refusalOf(e);
    if (refusal) refusals.show(refusal);
    if (e.type !== "peer-refused") events.event(e, atMs);
  };
  // Events can come before the start line is out (a fast connect): held until then.
  let held: Array<() => void> | null = [];
  const onEvent: SessionHooks["onEvent"] = (e, atMs) => (held ? held.push(() => show(e, atMs)) : show(e, atMs));
  let handle: SessionHandle;
  if (opts.worker) {
    const { startWorkerSession } = await import("./worker-session.ts");
    handle = await startWorkerSession(opts, { onGap, onEvent });
  } else {
    handle = await startLocalSession(opts, { onGap, onEvent });
  }
  let endNotice = () => {};
  let signals = 0;
  const offSignal = onStopSignal((signal) => {
    if (++signals > 1) return forceExit(signal);
    handle.stop();
    endNotice = noticeIfSlow(signal, "closing the socket and counting what arrived");
  });
  const { started } = handle;
  if (opts.json) {
    emitJson({
      type: "start",
      command: "sub",
      ...started,
      bind: opts.bind,
      socketType: opts.type,
      topics: opts.topics,
      seq: opts.seq,
      worker: opts.worker,
      pid: process.pid,
    });
  } else {
    process.stderr.write(
      `zmqdiag sub: ${
        opts.bind ? "bound" : "connecting to"
      } ${started.endpoint} (${opts.type}, ${started.engine} engine); stop with Ctrl-C\n`,
    );
  }
  for (const f of held) f();
  held = null;
  const timer = opts.json
    ? setInterval(() => emitJson({ type: "progress", ...handle.progress() }), jsonProgressMs)
    : line.enabled
    ? setInterval(() => line.update(subProgressText(handle.progress())), progressIntervalMs)
    : undefined;
  try {
    const result = await handle.result;
    events.done();
    const summary = subSummary(opts, started, result);
    if (opts.json) {
      emitJson({ ...summary, ...(gapEvents > maxGapEvents ? { gapEventsSuppressed: gapEvents - maxGapEvents } : {}) });
    } else {
      line.done();
      process.stdout.write(`${subReportLines(summary).join("\n")}\n`);
    }
    if (opts.report) await writeReportFile(opts.report, summary);
    return subExitCode(summary);
  } finally {
    endNotice();
    clearInterval(timer);
    line.done();
    offSignal();
  }
}
