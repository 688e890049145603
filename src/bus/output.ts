/**
 * What the bus prints: JSON Lines on stdout with --json (`start`, `stats`, `hang`, `summary`),
 * else lines for people: start and periodic stats on stderr, the hang and the final counters on
 * stdout.
 */
import fs from "node:fs";
import { colors } from "../cli/colors.ts";
import { emitJson } from "../cli/json-lines.ts";
import { formatCount } from "../stream/progress-line.ts";
import type { BusStats, SocketView } from "./counters.ts";
import type { HangFinding } from "./shutdown.ts";

/** How the bus ended. */
export type BusEnd = "clean" | "hang" | "interrupted" | "failed";

/** The final report: also what --report writes. */
export interface BusSummary extends BusStats {
  type: "summary";
  command: "bus";
  engine: string;
  engineVersion: string;
  runtime: string;
  frontendEndpoint: string;
  backendEndpoint: string;
  /** What started the shutdown: SIGINT, SIGTERM, duration, or a loop failure. */
  stopReason: string;
  shutdown: BusEnd;
  shutdownMs: number | null;
  hang: HangFinding | null;
  failures: string[];
  exitCode: number;
}

// The README's promise: a counter the engine cannot measure says so, never a false 0 or a "?".
const n = (x: number | null) => (x === null ? "not measurable" : formatCount(x));
/** "12,345 msgs (1,234 msg/s), 1,234,500 bytes": counts as pub and sub print them, the rate over the bus's life. */
const fmtFlow = (f: { messages: number; bytes: number }, elapsedMs: number) =>
  `${formatCount(f.messages)} msgs (${formatCount(elapsedMs > 0 ? (f.messages * 1000) / elapsedMs : 0)} msg/s), ${
    formatCount(f.bytes)
  } bytes`;

/** The `start` line. */
export function printStart(
  json: boolean,
  info: { engine: string; engineVersion: string; runtime: string; frontend: string; backend: string },
): void {
  if (json) return emitJson({ type: "start", command: "bus", ...info, pid: process.pid });
  const c = colors("stderr");
  process.stderr.write(
    `${c.bold("zmqdiag bus")} forwarding: publishers -> ${c.cyan(info.frontend)} (xsub) -> ${
      c.cyan(info.backend)
    } (xpub) -> subscribers [${info.engine}: ${info.engineVersion}, on ${info.runtime}]\n`,
  );
}

/** One periodic `stats` line. */
export function printStats(json: boolean, s: BusStats): void {
  if (json) return emitJson({ type: "stats", ...s });
  const c = colors("stderr");
  process.stderr.write(
    `${c.dim(`[${(s.elapsedMs / 1000).toFixed(1)}s]`)} down ${fmtFlow(s.down, s.elapsedMs)} | up ${
      formatCount(s.up.messages)
    } subscription msgs | ` +
      `publishers ${n(s.publishers)} subscribers ${n(s.subscribers)} | drops ${n(s.drops)}\n`,
  );
}

/** The `hang` finding, as soon as it is known. */
export function printHang(json: boolean, h: HangFinding): void {
  if (json) return emitJson({ type: "hang", ...h });
  process.stdout.write(formatHang(h));
}

function formatHang(h: HangFinding): string {
  const c = colors("stdout");
  const lines = [`${c.red.bold("hang")}: shutdown did not end within ${h.timeoutMs} ms, waiting for ${h.waitingFor}`];
  if (h.pending.length === 0) lines.push("  nothing was recorded as pending");
  for (const p of h.pending) {
    lines.push(`  pending: ${p.owner} ${c.bold(p.operation)} since ${p.since} (${p.pendingMs} ms)`);
  }
  return `${lines.join("\n")}\n`;
}

function socketLine(name: string, v: SocketView): string {
  return `  ${name}: peers ${n(v.peers)}, drops ${n(v.drops)}, connects ${n(v.connects)}, ` +
    `disconnects ${n(v.disconnects)}, handshake failures ${n(v.handshakeFailures)}, protocol errors ${
      n(v.protocolErrors)
    }\n`;
}

/** The summary as text for people. */
export function formatSummary(s: BusSummary): string {
  const c = colors("stdout");
  const took = s.shutdownMs === null ? "" : ` ${s.shutdownMs} ms`;
  const verdict = {
    clean: c.green(`clean shutdown in${took}`),
    failed: c.red(`shutdown after a forwarding failure, in${took}`),
    hang: c.red(`shutdown hung: gave up after${took}`),
    interrupted: c.red(`shutdown interrupted by a second signal after${took}`),
  }[s.shutdown];
  let out = `${c.bold("bus summary")} (${s.engine} on ${s.runtime}, ${
    (s.elapsedMs / 1000).toFixed(1)
  } s, stopped by ${s.stopReason}): ${verdict}\n`;
  out += `  down (publishers -> subscribers): ${fmtFlow(s.down, s.elapsedMs)}\n`;
  out += `  up (subscriptions -> publishers): ${fmtFlow(s.up, s.elapsedMs)}${
    s.upOther ? ` (${formatCount(s.upOther)} not subscriptions)` : ""
  }\n`;
  out += `  publishers connected: ${n(s.publishers)}, subscribers connected: ${n(s.subscribers)}\n`;
  out += `  dropped at the high-water mark: ${n(s.drops)}\n`;
  for (const t of s.topics) {
    out += `  topic ${JSON.stringify(t.topic)}: ${t.subscribe} subscribe, ${t.unsubscribe} unsubscribe\n`;
  }
  const o = s.otherTopics;
  if (o.subscribe + o.unsubscribe > 0) {
    out +=
      `  other topics (beyond the ${s.topicLimit} busiest): ${o.subscribe} subscribe, ${o.unsubscribe} unsubscribe, ${o.evictions} evictions from the table\n`;
  }
  out += socketLine(`frontend ${s.frontendEndpoint}`, s.frontend);
  out += socketLine(`backend ${s.backendEndpoint}`, s.backend);
  for (const f of s.failures) out += `  ${c.red("failure")}: ${f}\n`;
  return out;
}

/** Prints the summary (JSON or text). `sync` writes straight to the file descriptor, for a process about to end. */
export function printSummary(json: boolean, s: BusSummary, sync = false): void {
  if (json && !sync) return emitJson({ ...s });
  const text = json ? `${JSON.stringify(s)}\n` : formatSummary(s);
  if (sync) fs.writeSync(1, text);
  else process.stdout.write(text);
}
