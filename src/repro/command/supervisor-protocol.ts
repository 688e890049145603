/**
 * Between zmqdiag and the supervisor of one `repro -- <command>` run. zmqdiag writes one word a
 * line to the supervisor's stdin; the supervisor writes marked JSON lines to its stdout (which
 * the command shares, so the marker keeps them apart from the program's own output).
 */
import { parseMarkedLine } from "../../preload/marked-line.ts";

/** A report from the supervisor. */
export type SupervisorMessage =
  | { t: "started"; pid: number }
  | { t: "spawn-error"; code: string; message: string }
  | { t: "exit"; code: number | null; signal: string | null }
  /** Processes of the run's group still alive after the command itself ended (then killed). */
  | { t: "leftovers"; processes: Array<{ pid: number; name: string }> };

/** What zmqdiag asks of the supervisor: a signal to the whole group, or the end of the group. */
export type SupervisorRequest = `signal ${"SIGINT" | "SIGTERM"}` | "kill";

/** The marker in front of every supervisor line. */
export const supervisorMarker = "\u001ezmqdiag-supervisor ";

/** Parses a stdout line: the supervisor's message, or undefined for the program's own output. */
export function parseSupervisorLine(line: string): SupervisorMessage | undefined {
  return parseMarkedLine<SupervisorMessage>(line, supervisorMarker);
}
