/** `pub`'s summary: the JSON object, the lines for people, and the progress line. */
import { colors } from "../cli/colors.ts";
import type { SocketCounters } from "../engine/types.ts";
import { engineCounterLines } from "../stream/engine-counters-lines.ts";
import { formatCount } from "../stream/progress-line.ts";
import type { SendState } from "./send-loop.ts";

/** The `{"type":"summary"}` object of `pub` (schema documented in the README). */
export interface PubSummary {
  type: "summary";
  command: "pub";
  endpoint: string;
  engine: string;
  engineVersion: string;
  runtime: string;
  stream: number;
  sent: number;
  skipped: number;
  /** The sequence number the next message would have had. */
  nextSeq: number;
  msgsPerSec: number;
  /** From the first send to the last. */
  elapsedMs: number;
  stopReason: "count" | "duration" | "signal";
  counters?: SocketCounters;
}

/** Messages per second between the first and the last send. */
export function pubRate(st: SendState): number {
  const span = st.lastAt - st.firstAt;
  return st.sent > 1 && span > 0 ? Math.round(((st.sent - 1) * 1000) / span) : 0;
}

/** The summary for people. */
export function pubReportLines(s: PubSummary): string[] {
  const c = colors("stdout");
  return [
    c.bold(`zmqdiag pub ${s.endpoint}`) + c.dim(` (${s.engine} engine, ${s.engineVersion}; ${s.runtime}; stream ${s.stream}; stopped by ${s.stopReason})`),
    `  sent        ${formatCount(s.sent)} in ${(s.elapsedMs / 1000).toFixed(2)} s, ${formatCount(s.msgsPerSec)} msg/s`,
    `  skipped     ${formatCount(s.skipped)}`,
    `  next seq    ${s.nextSeq}`,
    ...engineCounterLines(s.counters, c),
    // Messages a PUB dropped at its high-water mark never left: a cause of loss worth a warning.
    ...(s.counters?.drops ? [c.yellow(`  ${formatCount(s.counters.drops)} messages dropped at the high-water mark: subscribers were too slow`)] : []),
  ];
}

/** The live progress line. */
export function pubProgressText(st: SendState): string {
  return `pub: ${formatCount(st.sent)} sent, ${formatCount(pubRate(st))} msg/s, seq ${st.nextSeq}`;
}
