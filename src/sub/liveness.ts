/**
 * Is the publisher idle or is the connection dead? And why did a run receive nothing? Pure
 * functions of what the session observed (times in ms after the socket was ready), for the
 * progress line, the summary and the exit code.
 */

/** How long without a message before a subscriber calls its publisher idle. */
export const idleAfterMs = 1000;

/** What the session knows of its connections and traffic at one moment (plain data). */
export interface LinkFacts {
  /** False when the engine reports no connection events (then nothing is claimed). */
  eventsKnown: boolean;
  connects: number;
  disconnects: number;
  /** Connections up now. */
  up: number;
  /** The last time a connection went down, its peer and reason. */
  lastDown: { at: number; peer: string; reason?: string } | null;
  /** Last message (null: none yet), and now. */
  lastMessageAt: number | null;
  now: number;
  /** Last sign of life from a heartbeating peer (null: none, or heartbeats off). */
  lastPongAt: number | null;
  heartbeats: boolean;
}

/** What the link is doing. */
export type LinkStateName = "receiving" | "idle-alive" | "idle" | "dead" | "never-connected" | "unknown";

/** The link's state, for people and for JSON. */
export interface LinkState {
  state: LinkStateName;
  /** When the last message came, once the publisher has been idle `idleAfterMs` (null otherwise). */
  idleSince: number | null;
  lastPongAt: number | null;
  text: string;
}

const at = (ms: number) => `+${(ms / 1000).toFixed(1)} s`;

/** The link's state now. */
export function linkState(f: LinkFacts): LinkState {
  const idle = f.lastMessageAt === null ? f.now >= idleAfterMs : f.now - f.lastMessageAt >= idleAfterMs;
  const idleSince = idle && f.lastMessageAt !== null ? f.lastMessageAt : null;
  const base = { idleSince, lastPongAt: f.lastPongAt };
  if (!idle) return { ...base, state: "receiving", text: "receiving" };
  if (!f.eventsKnown) {
    return {
      ...base,
      state: "unknown",
      text: `no message since ${f.lastMessageAt === null ? "the start" : at(f.lastMessageAt)}`,
    };
  }
  if (f.connects === 0) return { ...base, state: "never-connected", text: "no connection yet" };
  if (f.up === 0) {
    const d = f.lastDown;
    return {
      ...base,
      state: "dead",
      text: `connection dead${d ? ` since ${at(d.at)}${d.reason ? ` (${d.reason})` : ""}` : ""}`,
    };
  }
  const since = f.lastMessageAt === null ? "no message yet" : `publisher idle since ${at(f.lastMessageAt)}`;
  if (f.heartbeats && f.lastPongAt !== null) {
    return {
      ...base,
      state: "idle-alive",
      text: `${since}, connection alive (heartbeat answered at ${at(f.lastPongAt)})`,
    };
  }
  if (f.heartbeats) {
    return { ...base, state: "idle-alive", text: `${since}, connection alive (heartbeats on, none missed)` };
  }
  return { ...base, state: "idle", text: `${since}, connection up (no heartbeats: a dead peer would go unseen)` };
}

/**
 * The link's text at the end of a run. A run that was still receiving when it stopped (at
 * `--expect`, at Ctrl-C) says so with its last message's time, and with the close of the
 * connection when the publisher went away with its last messages: "receiving" alone would read
 * as if it went on.
 */
export function finalLinkText(f: LinkFacts, s: LinkState): string {
  if (s.state !== "receiving") return s.text;
  const last = f.lastMessageAt === null ? "" : ` (last message at ${at(f.lastMessageAt)})`;
  const d = f.lastDown;
  const closed = f.eventsKnown && f.connects > 0 && f.up === 0 && d
    ? `; connection closed at ${at(d.at)}${d.reason ? ` (${d.reason})` : ""}`
    : "";
  return `receiving until the end${last}${closed}`;
}

/** Why a run received no message at all: a finding, in words. */
export function emptyRunReason(f: LinkFacts, endpoint: string, bind: boolean, topics: readonly string[]): string {
  if (!f.eventsKnown) {
    return `no message arrived on ${endpoint} (this engine does not report connections, so whether a publisher was reached is unknown)`;
  }
  if (f.connects === 0) return bind ? `no publisher connected to ${endpoint}` : `never connected to ${endpoint}`;
  const filter = topics.every((t) => t === "") ? "everything" : topics.map((t) => JSON.stringify(t)).join(", ");
  return `connected${
    f.up === 0 ? " (now disconnected)" : ""
  }, but no message arrived: is the publisher sending, and does the subscription (${filter}) match its topics?`;
}
