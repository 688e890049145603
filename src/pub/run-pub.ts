/**
 * `zmqdiag pub`: binds or connects, waits --warmup for subscribers, sends numbered messages
 * until --count, --duration or a signal, then prints its summary. Returns the exit code.
 */
import { emitJson } from "../cli/json-lines.ts";
import { writeReportFile } from "../cli/report-file.ts";
import { ExitCode } from "../cli/exit-codes.ts";
import { loadEngine, streamingEngine } from "../engine/load.ts";
import type { SocketCounters } from "../engine/types.ts";
import { exit } from "../runtime/exit.ts";
import { onStopSignal } from "../runtime/signals.ts";
import { noticeIfSlow } from "../cli/stop-notice.ts";
import { runtimeName } from "../runtime/runtime-name.ts";
import { attachSocket } from "../stream/attach-socket.ts";
import { progressIntervalMs, ProgressLine } from "../stream/progress-line.ts";
import type { SeqRange } from "../stream/skip-list.ts";
import { sleep } from "../stream/sleep.ts";
import { pubProgressText, pubRate, pubReportLines, type PubSummary } from "./pub-report.ts";
import type { PubOptions } from "./pub-options.ts";
import { newSendState, sendLoop, type SendState } from "./send-loop.ts";
import { discardedMessages } from "./discarded.ts";

const abortGraceMs = 250;
const jsonProgressMs = 1000;

/** Where and on what `pub` runs, as its start line and summary name it. */
interface Started {
  endpoint: string;
  engine: string;
  engineVersion: string;
  runtime: string;
}

/** The start line on stderr, or the `start` event with --json. */
function announce(o: PubOptions, started: Started): void {
  if (!o.json) {
    const how = o.bind ? "bound" : "connected";
    const what = `${o.type}, ${started.engine} engine, stream ${o.stream}`;
    process.stderr.write(`zmqdiag pub: ${how} ${started.endpoint} (${what}); stop with Ctrl-C\n`);
    return;
  }
  emitJson({
    type: "start",
    command: "pub",
    ...started,
    bind: o.bind,
    socketType: o.type,
    topic: o.topic,
    stream: o.stream,
    count: o.count ?? null,
    rate: o.rate ?? null,
    size: o.size,
    pid: process.pid,
  });
}

/** Progress while sending: a `progress` event every second with --json, else the terminal's line. */
function startProgress(o: PubOptions, st: SendState, line: ProgressLine): ReturnType<typeof setInterval> | undefined {
  if (o.json) {
    const emit = () => emitJson({ type: "progress", sent: st.sent, skipped: st.skipped, msgsPerSec: pubRate(st) });
    return setInterval(emit, jsonProgressMs);
  }
  return line.enabled ? setInterval(() => line.update(pubProgressText(st, o.count)), progressIntervalMs) : undefined;
}

/** The summary: what left (handed over, less what the linger discarded), skipped, rate, why it stopped. */
function pubSummary(
  o: PubOptions,
  started: Started,
  st: SendState,
  discarded: number | null,
  stopReason: PubSummary["stopReason"],
  counters: SocketCounters | null,
): PubSummary {
  return {
    type: "summary",
    command: "pub",
    ...started,
    stream: o.stream,
    sent: st.sent - (discarded ?? 0),
    discarded,
    skipped: st.skipped,
    nextSeq: st.nextSeq,
    msgsPerSec: pubRate(st),
    elapsedMs: Math.round(st.lastAt - st.firstAt),
    stopReason,
    lingerMs: o.lingerMs,
    ...(counters ? { counters } : {}),
  };
}

/** Runs `pub` with checked options and parsed --skip ranges. */
export async function runPub(o: PubOptions, skips: readonly SeqRange[]): Promise<number> {
  const engine = await loadEngine(streamingEngine(o.engine));
  const socket = engine.socket(o.type, {
    sendHighWaterMark: o.hwm,
    maxMessageSize: o.maxMessageSize,
    linger: o.lingerMs,
  });
  let endpoint: string;
  try {
    endpoint = await attachSocket(socket, o.endpoint, o.bind);
  } catch (e) {
    socket.close();
    throw e;
  }
  const abort = new AbortController();
  let stopReason: "count" | "duration" | "signal" = "count";
  let endNotice = () => {};
  let force!: () => void;
  const forced = new Promise<null>((resolve) => (force = () => resolve(null)));
  const stop = (reason: "duration" | "signal") => {
    if (abort.signal.aborted) return;
    stopReason = reason;
    abort.abort();
    // A send that waits for a peer (PUSH) settles when the socket closes.
    setTimeout(() => {
      if (!socket.closed) socket.close();
    }, abortGraceMs).unref?.();
  };
  // The first signal stops sending; closing may then linger up to --linger: a second one forces the end.
  let signals = 0;
  let closing = false;
  const offSignal = onStopSignal((signal) => {
    if (++signals > 1) return force();
    if (!closing) stop("signal");
    endNotice = noticeIfSlow(signal, `waiting up to ${o.lingerMs} ms (--linger) for queued messages to go out`);
  });
  const started: Started = { endpoint, engine: engine.name, engineVersion: engine.version, runtime: runtimeName() };
  announce(o, started);
  const st = newSendState();
  const line = o.json ? new ProgressLine(false) : new ProgressLine();
  const timer = startProgress(o, st, line);
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
    closing = true;
    clearInterval(timer);
    clearTimeout(durationTimer);
    line.done();
    if (!socket.closed) {
      counters = socket.counters();
      socket.close();
    }
  }
  // What the linger could not deliver was never sent (zmtp counts it; native cannot tell).
  const outcome = socket.lingered ? await Promise.race([socket.lingered(), forced]) : null;
  const wasForced = socket.lingered !== undefined && outcome === null;
  endNotice();
  offSignal();
  const summary = pubSummary(o, started, st, discardedMessages(o.type, outcome), stopReason, counters);
  if (o.json) emitJson({ ...summary });
  else process.stdout.write(`${pubReportLines(summary).join("\n")}\n`);
  if (o.report) await writeReportFile(o.report, summary);
  // Forced: the socket may still be lingering, which would hold the process up.
  if (wasForced) return exit(ExitCode.findings);
  return ExitCode.clean;
}
