/** The final summary of `sub`: the `summary` JSON event, the report file, and the exit code. */
import { ExitCode } from "../cli/exit-codes.ts";
import type { SubResult, SubStarted } from "./sub-session.ts";
import type { SubOptions } from "./sub-options.ts";
import { emptyRunReason, finalLinkText, type LinkFacts, linkState, type LinkStateName } from "./liveness.ts";

/** The `{"type":"summary"}` object of `sub` (schema documented in the README). */
export interface SubSummary extends Omit<SubResult, "counters" | "link">, SubStarted {
  type: "summary";
  command: "sub";
  seq: string;
  worker: boolean;
  expect: number | null;
  /** How many fewer than --expect arrived (0 without --expect). */
  missing: number;
  /** Why nothing arrived, when nothing did (a finding); null otherwise. */
  noMessages: string | null;
  /** The connection at the end: its state, and connects/disconnects seen (null: not measurable). */
  link: LinkStateName;
  linkText: string;
  connects: number | null;
  disconnects: number | null;
  /** When the last message came (ms after the socket was ready), once idle for a second; null otherwise. */
  idleSince: number | null;
  /** The last heartbeat answer (ms after the socket was ready); null without one. */
  lastPongAt: number | null;
  /** True when something arrived and nothing was lost, duplicated or reordered, and --expect was met. */
  clean: boolean;
  /** Engine counters, when the engine provides them. */
  counters?: SubResult["counters"];
}

/** Builds the summary of a finished run. */
export function subSummary(opts: SubOptions, started: SubStarted, result: SubResult): SubSummary {
  const missing = opts.expect !== undefined ? Math.max(0, opts.expect - result.received) : 0;
  const { counters, link, ...rest } = result;
  const noMessages = result.received === 0 ? emptyRunReason(link, started.endpoint, opts.bind, opts.topics) : null;
  const clean = noMessages === null && result.lost === 0 && result.duplicates === 0 && result.reordered === 0 &&
    missing === 0;
  const state = linkState(link);
  return {
    type: "summary",
    command: "sub",
    ...started,
    seq: opts.seq,
    worker: opts.worker,
    ...rest,
    expect: opts.expect ?? null,
    missing,
    noMessages,
    ...linkSummary(link),
    link: state.state,
    linkText: finalLinkText(link, state),
    idleSince: state.idleSince,
    lastPongAt: state.lastPongAt,
    clean,
    ...(counters ? { counters } : {}),
  };
}

function linkSummary(f: LinkFacts): { connects: number | null; disconnects: number | null } {
  return f.eventsKnown ? { connects: f.connects, disconnects: f.disconnects } : { connects: null, disconnects: null };
}

/** 0 when clean, 1 for findings. */
export function subExitCode(s: SubSummary): number {
  return s.clean ? ExitCode.clean : ExitCode.findings;
}
