/**
 * `zmqdiag pub`: binds or connects, waits --warmup for subscribers, sends numbered messages
 * until --count, --duration or a signal, then prints its summary. Returns the exit code.
 */
import { emitJson } from "../cli/json-lines.ts";
import { writeReportFile } from "../cli/report-file.ts";
import { ExitCode } from "../cli/exit-codes.ts";
import { loadEngine, streamingEngine } from "../engine/load.ts";
import type { SocketCounters } from "../engine/types.ts";
import { onStopSignal } from "../runtime/signals.ts";
import { runtimeName } from "../runtime/runtime-name.ts";
import { attachSocket } from "../stream/attach-socket.ts";
import { ProgressLine, progressIntervalMs } from "../stream/progress-line.ts";
import type { SeqRange } from "../stream/skip-list.ts";
import { sleep } from "../stream/sleep.ts";
import { pubProgressText, pubRate, pubReportLines, type PubSummary } from "./pub-report.ts";
import type { PubOptions } from "./pub-options.ts";
import { newSendState, sendLoop } from "./send-loop.ts";

const abortGraceMs = 250;
const jsonProgressMs = 1000;

/** Runs `pub` with checked options and parsed --skip ranges. */
export async function runPub(o: PubOptions, skips: readonly SeqRange[]): Promise<number> {
  const engine = await loadEngine(streamingEngine(o.engine));
  const socket = engine.socket(o.type, { sendHighWaterMark: o.hwm, linger: o.lingerMs });
  let endpoint: string;
  try {
    endpoint = await attachSocket(socket, o.endpoint, o.bind);
  } catch (e) {
    socket.close();
    throw e;
  }
  const abort = new AbortController();
  let stopReason: "count" | "duration" | "signal" = "count";
  const stop = (reason: "duration" | "signal") => {
    if (abort.signal.aborted) return;
    stopReason = reason;
    abort.abort();
    // A send that waits for a peer (PUSH) settles when the socket closes.
    setTimeout(() => { if (!socket.closed) socket.close(); }, abortGraceMs).unref?.();
  };
  const offSignal = onStopSignal(() => stop("signal"));
  const started = { endpoint, engine: engine.name, engineVersion: engine.version, runtime: runtimeName() };
  if (o.json) emitJson({ type: "start", command: "pub", ...started, bind: o.bind, socketType: o.type, topic: o.topic, stream: o.stream, count: o.count ?? null, rate: o.rate ?? null, size: o.size, pid: process.pid });
  else process.stderr.write(`zmqdiag pub: ${o.bind ? "bound" : "connected"} ${endpoint} (${o.type}, ${engine.name} engine, stream ${o.stream}); stop with Ctrl-C\n`);

  const st = newSendState();
  const line = o.json ? new ProgressLine(false) : new ProgressLine();
  const timer = o.json
    ? setInterval(() => emitJson({ type: "progress", sent: st.sent, skipped: st.skipped, msgsPerSec: pubRate(st) }), jsonProgressMs)
    : line.enabled ? setInterval(() => line.update(pubProgressText(st)), progressIntervalMs) : undefined;
  let counters: SocketCounters | null = null;
  const durationTimer = o.durationMs === undefined ? undefined : setTimeout(() => stop("duration"), o.durationMs);
  try {
    await sleep(o.warmupMs, abort.signal);
    try {
      await sendLoop(socket, o, skips, abort.signal, st);
    } catch (e) {
      if (!abort.signal.aborted) throw e;
    }
  } finally {
    clearInterval(timer);
    clearTimeout(durationTimer);
    line.done();
    offSignal();
    if (!socket.closed) {
      counters = socket.counters();
      socket.close();
    }
  }
  const summary: PubSummary = {
    type: "summary", command: "pub", ...started, stream: o.stream, sent: st.sent, skipped: st.skipped,
    nextSeq: st.nextSeq, msgsPerSec: pubRate(st), elapsedMs: Math.round(st.lastAt - st.firstAt), stopReason,
    ...(counters ? { counters } : {}),
  };
  if (o.json) emitJson({ ...summary });
  else process.stdout.write(`${pubReportLines(summary).join("\n")}\n`);
  if (o.report) await writeReportFile(o.report, summary);
  return ExitCode.clean;
}
