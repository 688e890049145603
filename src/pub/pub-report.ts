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
  /** Messages that left: handed to the socket, less what its linger discarded. */
  sent: number;
  /** Messages handed to the socket that closing discarded when --linger ran out; null when the engine cannot tell (native). */
  discarded: number | null;
  skipped: number;
  /** The sequence number the next message would have had. */
  nextSeq: number;
  msgsPerSec: number;
  /** From the first send to the last. */
  elapsedMs: number;
  stopReason: "count" | "duration" | "signal";
  /** The --linger the socket closed with. */
  lingerMs: number;
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
    c.bold(`zmqdiag pub ${s.endpoint}`) +
    c.dim(` (${s.engine} engine, ${s.engineVersion}; ${s.runtime}; stream ${s.stream}; stopped by ${s.stopReason})`),
    `  sent        ${formatCount(s.sent)} in ${(s.elapsedMs / 1000).toFixed(2)} s, ${formatCount(s.msgsPerSec)} msg/s`,
    `  discarded   ${
      s.discarded === null
        ? c.dim(
          `not measurable (${s.engine} engine): messages still queued when --linger ${s.lingerMs} ms ran out are counted as sent`,
        )
        : s.discarded > 0
        ? c.yellow(
          `${formatCount(s.discarded)} still queued when --linger ${s.lingerMs} ms ran out (not counted as sent)`,
        )
        : "0"
    }`,
    `  skipped     ${formatCount(s.skipped)}`,
    `  next seq    ${s.nextSeq}`,
    ...engineCounterLines(s.counters, c),
    // Messages a PUB dropped at its high-water mark never left: a cause of loss worth a warning.
    ...(s.counters?.drops
      ? [
        c.yellow(
          `  ${formatCount(s.counters.drops)} messages dropped at the high-water mark: subscribers were too slow`,
        ),
      ]
      : []),
  ];
}

/** The live progress line; with --count known, also how far along it is and the time left at the rate so far. */
export function pubProgressText(st: SendState, count?: number): string {
  const rate = pubRate(st);
  const base = `pub: ${formatCount(st.sent)} sent, ${formatCount(rate)} msg/s, seq ${st.nextSeq}`;
  if (count === undefined) return base;
  const done = `${Math.floor((st.nextSeq * 1000) / count) / 10}% done`;
  const left = count - st.nextSeq;
  return `${base}, ${done}${rate > 0 && left > 0 ? `, ${timeLeft(left / rate)} left` : ""}`;
}

/** "42 s", "3 min 20 s", "2 h 5 min": whole units, as a person reads a countdown. */
export function timeLeft(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
