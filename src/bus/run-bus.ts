/**
 * `zmqdiag bus`: an XSUB/XPUB forwarder. Publishers connect to the frontend (XSUB, bound),
 * subscribers to the backend (XPUB, bound); messages go down, subscriptions go up. It counts
 * everything, and it always shuts down: in order, within --shutdown-timeout, or with a `hang`
 * that names what was pending; the summary is printed (and --report written) on every exit.
 */
import fs from "node:fs";
import { loadEngine, streamingEngine } from "../engine/load.ts";
import { registry } from "../engine/registry.ts";
import type { Engine, SocketOptions, ZSocket } from "../engine/types.ts";
import { ExitCode } from "../cli/exit-codes.ts";
import { checkOutputFile, writeReportFile, writeReportFileSync } from "../cli/report-file.ts";
import { exit } from "../runtime/exit.ts";
import { noticeIfSlow } from "../cli/stop-notice.ts";
import { runtimeName } from "../runtime/runtime-name.ts";
import { attachSocket } from "../stream/attach-socket.ts";
import { onPeerRefused, PeerRefusedReport } from "../stream/peer-events.ts";
import { type BusOptions, checkBusEndpoints } from "./options.ts";
import { BusCounters, type BusStats } from "./counters.ts";
import { Forwarder, type LoopFailure } from "./forwarder.ts";
import { type HangFinding, pendingNow, shutdownBus } from "./shutdown.ts";
import { armStopTrigger } from "./stop-trigger.ts";
import { holdShutdownForTest } from "../test-hooks.ts";
import { type BusSummary, printHang, printStart, printStats, printSummary } from "./output.ts";
import { type BusIdentity, busSummary, interruptedEnding, shutdownEnding } from "./bus-end.ts";

/** Linger of the bus's sockets: bounded, and a small share of the shutdown budget. */
function lingerFor(shutdownTimeoutMs: number): number {
  return Math.min(500, Math.floor(shutdownTimeoutMs / 4));
}

/** The bus's two sockets, bound, with the endpoints they got. */
interface BoundBus {
  frontend: ZSocket;
  backend: ZSocket;
  frontendAt: string;
  backendAt: string;
}

/** Makes and binds the sockets; closes both when either bind fails. */
async function openBus(o: BusOptions, engine: Engine): Promise<BoundBus> {
  const base: SocketOptions = { linger: lingerFor(o.shutdownTimeoutMs), maxMessageSize: o.maxMessageSize };
  if (o.hwm !== undefined) Object.assign(base, { sendHighWaterMark: o.hwm, receiveHighWaterMark: o.hwm });
  const frontend = engine.socket("xsub", base);
  const backend = engine.socket("xpub", { ...base, verbosity: o.verboseSubscriptions ? "allSubsUnsubs" : null });
  try {
    const frontendAt = await attachSocket(frontend, o.frontend, true, "--frontend");
    const backendAt = await attachSocket(backend, o.backend, true, "--backend");
    return { frontend, backend, frontendAt, backendAt };
  } catch (e) {
    frontend.close();
    backend.close();
    throw e;
  }
}

/** Peer refusals on either socket, one line each (listening also turns native's counting on). */
function reportRefusals(bus: BoundBus, json: boolean): void {
  const toStderr = (line: string) => process.stderr.write(`${line}\n`);
  const frontend = new PeerRefusedReport(json, toStderr, "frontend");
  const backend = new PeerRefusedReport(json, toStderr, "backend");
  onPeerRefused(bus.frontend, (e) => frontend.show(e));
  onPeerRefused(bus.backend, (e) => backend.show(e));
}

/** Prints the summary and writes --report; a report that cannot be written is one line on stderr. */
async function finishWith(o: BusOptions, s: BusSummary): Promise<void> {
  printSummary(o.json, s);
  if (!o.report) return;
  try {
    await writeReportFile(o.report, s);
  } catch (e) {
    process.stderr.write(`zmqdiag: ${e instanceof Error ? e.message : String(e)}\n`);
  }
}

/** Second signal during shutdown: no more waiting. Everything synchronous, then out. */
function interruptNow(o: BusOptions, s: BusSummary): void {
  printSummary(o.json, s, true);
  try {
    if (o.report) writeReportFileSync(o.report, s);
  } catch (e) {
    fs.writeSync(2, `zmqdiag: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  void exit(ExitCode.findings);
}

/** What a running bus keeps for its summary, whichever way it ends (a second signal cuts shutdown short). */
interface BusRun {
  who: BusIdentity;
  counters: BusCounters;
  /** The counts the summary gives: refreshed just before the sockets close, or at the second signal. */
  finalStats: BusStats;
  stopReason: string;
  shutdownStarted: number;
  /** The summary is out: a late second signal changes nothing. */
  finished: boolean;
  failures: LoopFailure[];
}

/** Runs the bus until a stop; resolves with the exit code. */
export async function runBus(o: BusOptions): Promise<number> {
  checkBusEndpoints(o);
  if (o.report) checkOutputFile(o.report);
  const engine = await loadEngine(streamingEngine(o.engine));
  const bus = await openBus(o, engine);
  const { frontend, backend, frontendAt, backendAt } = bus;
  reportRefusals(bus, o.json);
  const counters = new BusCounters(o.topTopics);
  const run: BusRun = {
    who: {
      engine: engine.name,
      engineVersion: engine.version,
      runtime: runtimeName(),
      frontendEndpoint: frontendAt,
      backendEndpoint: backendAt,
    },
    counters,
    finalStats: counters.stats(frontend, backend),
    stopReason: "",
    shutdownStarted: 0,
    finished: false,
    failures: [],
  };
  const trigger = armStopTrigger(o.durationMs, () => interruptShutdown(o, bus, run, forwarder));
  const named = (socket: ZSocket, name: string, at: string) => ({ socket, name: `${name} (bind ${at})` });
  const forwarder = new Forwarder(
    named(frontend, "frontend xsub", frontendAt),
    named(backend, "backend xpub", backendAt),
    counters,
    {
      holdShutdown: holdShutdownForTest(),
      onFailure: (f) => {
        run.failures.push(f);
        trigger.request(`failure (${f.loop} loop)`);
      },
    },
  );

  forwarder.start();
  const { engine: name, engineVersion, runtime } = run.who;
  printStart(o.json, { engine: name, engineVersion, runtime, frontend: frontendAt, backend: backendAt });
  const stats = o.statsIntervalMs
    ? setInterval(() => printStats(o.json, counters.stats(frontend, backend)), o.statsIntervalMs)
    : undefined;
  run.stopReason = await trigger.stopped;
  if (stats) clearInterval(stats);
  const exitCode = await shutDown(o, bus, run, forwarder);
  trigger.dispose();
  return exitCode;
}

/** Shuts the bus down in order, within --shutdown-timeout; prints the summary; resolves with the exit code. */
async function shutDown(o: BusOptions, bus: BoundBus, run: BusRun, forwarder: Forwarder): Promise<number> {
  const { frontend, backend } = bus;
  run.shutdownStarted = Date.now();
  const endNotice = noticeIfSlow(
    run.stopReason,
    `shutting down (at most --shutdown-timeout ${o.shutdownTimeoutMs} ms)`,
  );
  const out = await shutdownBus({
    forwarder,
    sockets: [frontend, backend],
    registry,
    timeoutMs: o.shutdownTimeoutMs,
    startedAt: run.shutdownStarted,
    beforeClose: () => {
      run.finalStats = run.counters.stats(frontend, backend);
    },
  });
  endNotice();
  if (!out.clean) printHang(o.json, out.hang);
  const s = busSummary(run.who, run.finalStats, run.stopReason, shutdownEnding(out, run.failures));
  run.finished = true;
  await finishWith(o, s);
  return s.exitCode;
}

/** The second signal during shutdown: the summary names what was still pending, then out at once. */
function interruptShutdown(o: BusOptions, bus: BoundBus, run: BusRun, forwarder: Forwarder): void {
  if (run.finished) return; // the summary is out; the process is about to end anyway
  run.finalStats = run.counters.stats(bus.frontend, bus.backend);
  const hang: HangFinding = {
    phase: "shutdown",
    timeoutMs: o.shutdownTimeoutMs,
    waitingFor: "shutdown, interrupted by a second signal",
    pending: pendingNow(registry, forwarder),
  };
  const ending = interruptedEnding(hang, Date.now() - run.shutdownStarted, run.failures);
  interruptNow(o, busSummary(run.who, run.finalStats, run.stopReason, ending));
}
