/**
 * The "engine" section of the `pub` and `sub` reports for people: what the engine counted on
 * the socket (drops at the high-water mark, peers, connects, faults) and per connection. A
 * counter the engine cannot measure (null) is left out, except drops: a user looking for lost
 * messages must read "not measurable" there, never a reassuring 0.
 */
import type { ChalkInstance } from "chalk";
import type { ConnectionCounters, SocketCounters } from "../engine/types.ts";
import { formatCount } from "./progress-line.ts";

/** At most this many per-connection lines; the rest are summed up in one line. */
export const maxConnectionLines = 10;

/** The section's lines (none when the engine gave no counters). */
export function engineCounterLines(counters: SocketCounters | null | undefined, c: ChalkInstance): string[] {
  if (!counters) return [];
  const warn = (n: number) => (n > 0 ? c.yellow(formatCount(n)) : "0");
  const parts = [`drops at HWM ${counters.drops === null ? "not measurable" : warn(counters.drops)}`];
  const known = (label: string, n: number | null, flag = false) => {
    if (n !== null) parts.push(`${label} ${flag ? warn(n) : formatCount(n)}`);
  };
  known("peers", counters.peers);
  known("connects", counters.connects);
  known("disconnects", counters.disconnects);
  known("handshake failures", counters.handshakeFailures, true);
  known("protocol errors", counters.protocolErrors, true);
  const lines = [`  engine      ${parts.join(", ")}`];
  const conns = counters.connections ?? [];
  // Connections that dropped messages are the ones worth seeing when there are too many.
  const shown = [...conns.filter((x) => x.drops > 0), ...conns.filter((x) => x.drops === 0)].slice(
    0,
    maxConnectionLines,
  );
  for (const x of shown.sort((a, b) => a.id - b.id)) lines.push(connectionLine(x, warn));
  if (conns.length > shown.length) {
    lines.push(c.dim(`    and ${formatCount(conns.length - shown.length)} more connection(s)`));
  }
  return lines;
}

function connectionLine(x: ConnectionCounters, warn: (n: number) => string): string {
  const what = [x.peerSocketType, x.open ? "open" : "closed"].filter((s) => s !== "").join(", ");
  return `    conn ${x.id}  ${x.peer} (${what}): in ${formatCount(x.messagesIn)}, out ${
    formatCount(x.messagesOut)
  }, drops ${warn(x.drops)}`;
}
