/**
 * Why a gap happened. A pure function of what the subscriber observed, each fact with its time
 * (ms on one monotonic clock): the connection's ups and downs, whether its reads kept up, what its
 * own socket dropped, and where the stream's numbers started again. No socket is needed to test it.
 */

/** The causes, most specific first in `classifyGap`. */
export const lossCauses = [
  "late-join",
  "reconnect",
  "publisher-restart",
  "dropped-here",
  "slow-subscriber",
  "upstream",
] as const;
/** One of them. */
export type LossCause = (typeof lossCauses)[number];

/** One line of advice per cause, for people. */
export const lossAdvice: Record<LossCause, string> = {
  "late-join":
    "sent before this subscriber's subscription reached the publisher (slow joiner): start sub first, or give pub a --warmup",
  reconnect: "sent while the connection was down: a PUB keeps nothing for a subscriber that is not connected",
  "publisher-restart":
    "the publisher restarted: what it would have sent after its last message before the restart never came",
  "dropped-here": "dropped at this subscriber's receive high-water mark: raise --hwm (0 = unlimited)",
  "slow-subscriber":
    "this subscriber could not keep up: raise --hwm on both sides, lower the rate, or use --engine zmtp",
  upstream: "lost before this connection: at the publisher (its --hwm, --skip) or a device between",
};

/** A connection going up or down, as the engine reported it. */
export interface ConnectionFact {
  at: number;
  kind: "connect" | "disconnect";
  peer: string;
  /** Why it went down, when the engine says. */
  reason?: string;
}

/** How hard the subscriber was pressed when it found the gap. */
export interface PressureFact {
  /** Consecutive reads that found more data waiting than they took, and since when (ms). */
  backlogReads: number;
  backlogSince: number | null;
  /** The worst event-loop delay seen around the gap, in ms. */
  maxLagMs: number;
  /** How far the messages' latency had risen above the run's lowest, in ms (null: no send times). */
  latencyRiseMs: number | null;
}

/** Everything known about one gap when it is classified (plain data). */
export interface GapContext {
  stream: number;
  from: number;
  to: number;
  /** leading: before the first message (--expect/--from-zero); inner: between two messages; tail: after the last (--expect). */
  position: "leading" | "inner" | "tail";
  /** Arrival of the message before the gap (null for a leading gap) and after it (null for a tail). */
  prevAt: number | null;
  nextAt: number | null;
  /**
   * True when the socket subscribes (SUB, XSUB). Only then can it join a stream late or lose what it
   * was too slow for: a PUSH waits for its PULL, where a PUB drops.
   */
  subscribes: boolean;
  /** When the subscriber's socket was ready. */
  startedAt: number;
  /** Connection facts, oldest first; `eventsKnown` false when the engine reports none. */
  connections: readonly ConnectionFact[];
  eventsKnown: boolean;
  pressure: PressureFact;
  /** Messages this socket dropped at its own receive high-water mark between prevAt and now (null: not measurable). */
  droppedHere: number | null;
  /** The stream started again (or another stream replaced it) at this time, after its last message. */
  restartAt: number | null;
  restartWhat?: string;
}

/** A cause with the facts that support it. */
export interface Classified {
  cause: LossCause;
  evidence: string;
}

/** A first message this soon after its connection came up means the stream was already running. */
export const lateJoinWindowMs = 100;
/** Thresholds for "could not keep up". */
export const backlogReadsMin = 3;
export const saturatedLagMs = 500;
export const latencyRiseMinMs = 100;

const secs = (ms: number, origin: number) => `+${((ms - origin) / 1000).toFixed(2)} s`;
const range = (g: GapContext) => (g.from === g.to ? `${g.from}` : `${g.from}-${g.to}`);

/** Classifies one gap. */
export function classifyGap(g: GapContext): Classified {
  const t0 = g.startedAt;
  if (g.restartAt !== null && (g.position === "tail" || (g.prevAt !== null && g.restartAt >= g.prevAt))) {
    return {
      cause: "publisher-restart",
      evidence: `${g.restartWhat ?? "the stream's numbers started again"} at ${
        secs(g.restartAt, t0)
      }, after this stream's last message${g.prevAt !== null ? ` at ${secs(g.prevAt, t0)}` : ""}`,
    };
  }
  if (g.position === "leading" && g.nextAt !== null && g.subscribes) {
    const up = lastBefore(g.connections, "connect", g.nextAt);
    const upAt = up ? up.at : g.eventsKnown ? null : g.startedAt;
    if (upAt !== null && g.nextAt - upAt <= lateJoinWindowMs) {
      const where = up ? `the connection to ${up.peer} came up` : "the socket was ready";
      return {
        cause: "late-join",
        evidence: `the first message (${g.to + 1}) arrived ${Math.round(g.nextAt - upAt)} ms after ${where} at ${
          secs(upAt, t0)
        }: ${range(g)} went out before the subscription reached the publisher`,
      };
    }
  }
  if (g.prevAt !== null) {
    const end = g.nextAt ?? Infinity;
    const down = g.connections.find((c) => c.kind === "disconnect" && c.at >= g.prevAt! && c.at <= end);
    const up = down && g.connections.find((c) => c.kind === "connect" && c.at >= down.at && c.at <= end);
    // Without a new connection before the next message, that message had been queued before the close.
    if (down && up) {
      const why = down.reason ? ` (${down.reason})` : "";
      return {
        cause: "reconnect",
        evidence: `the connection to ${down.peer} went down at ${secs(down.at, t0)}${why}, up again at ${
          secs(up.at, t0)
        } (${formatMs(up.at - down.at)} down)`,
      };
    }
  }
  if (g.droppedHere !== null && g.droppedHere > 0) {
    return {
      cause: "dropped-here",
      evidence: `this socket dropped ${g.droppedHere} message(s) at its receive high-water mark meanwhile`,
    };
  }
  const slow = g.subscribes ? slowEvidence(g.pressure, t0) : null;
  if (slow) return { cause: "slow-subscriber", evidence: slow };
  return { cause: "upstream", evidence: upstreamEvidence(g) };
}

function slowEvidence(p: PressureFact, t0: number): string | null {
  const parts: string[] = [];
  if (p.backlogReads >= backlogReadsMin) {
    parts.push(
      `unread data at each of the last ${p.backlogReads} reads${
        p.backlogSince !== null ? ` (since ${secs(p.backlogSince, t0)})` : ""
      }`,
    );
  }
  if (p.maxLagMs >= saturatedLagMs) parts.push(`event loop held up for ${formatMs(p.maxLagMs)}`);
  if (p.latencyRiseMs !== null && p.latencyRiseMs >= latencyRiseMinMs) {
    parts.push(`latency ${formatMs(p.latencyRiseMs)} above its lowest`);
  }
  return parts.length ? parts.join("; ") : null;
}

function upstreamEvidence(g: GapContext): string {
  if (g.position === "leading") {
    return `numbers ${range(g)} never came although the subscriber was connected before the first message`;
  }
  if (g.position === "tail") {
    const down = g.prevAt !== null
      ? g.connections.find((c) => c.kind === "disconnect" && c.at >= g.prevAt!)
      : undefined;
    const closed = down
      ? `; ${down.peer} closed the connection at ${secs(down.at, g.startedAt)}${down.reason ? ` (${down.reason})` : ""}`
      : "";
    return `nothing after ${g.from - 1} came${
      g.prevAt !== null ? ` (last message at ${secs(g.prevAt, g.startedAt)})` : ""
    }${closed}, and no backlog was seen here`;
  }
  return "the connection stayed up and reads kept up: the numbers never reached this subscriber";
}

function lastBefore(
  facts: readonly ConnectionFact[],
  kind: ConnectionFact["kind"],
  at: number,
): ConnectionFact | undefined {
  let found: ConnectionFact | undefined;
  for (const f of facts) {
    if (f.at > at) break;
    if (f.kind === kind) found = f;
  }
  return found;
}

/** "850 ms" or "1.25 s". */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
