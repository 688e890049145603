/**
 * How a bus run ends, decided from what its shutdown gave: which end, the hang, the loop failures
 * and the exit code; and the summary that says so. Pure, so each end is tested without a bus.
 */
import { ExitCode } from "../cli/exit-codes.ts";
import type { BusStats } from "./counters.ts";
import type { LoopFailure } from "./forwarder.ts";
import type { BusEnd, BusSummary } from "./output.ts";
import type { HangFinding, ShutdownOutcome } from "./shutdown.ts";

/** The summary's verdict fields. */
export interface BusEnding {
  shutdown: BusEnd;
  shutdownMs: number | null;
  hang: HangFinding | null;
  failures: string[];
  exitCode: number;
}

/** A loop failure as the summary lists it. */
function failureText(f: LoopFailure): string {
  return `${f.loop} loop: ${f.message}`;
}

/**
 * The end of a shutdown that ran its course. A hang keeps the failures seen while running
 * (`failures`); a shutdown that finished reports the loops' own.
 */
export function shutdownEnding(out: ShutdownOutcome, failures: LoopFailure[]): BusEnding {
  if (!out.clean) {
    return {
      shutdown: "hang",
      shutdownMs: out.tookMs,
      hang: out.hang,
      failures: failures.map(failureText),
      exitCode: ExitCode.findings,
    };
  }
  const failed = out.failures.length > 0;
  return {
    shutdown: failed ? "failed" : "clean",
    shutdownMs: out.tookMs,
    hang: null,
    failures: out.failures.map(failureText),
    exitCode: failed ? ExitCode.findings : ExitCode.clean,
  };
}

/** The end of a shutdown cut short by a second signal: `hang` names what it still waited for. */
export function interruptedEnding(hang: HangFinding, tookMs: number, failures: LoopFailure[]): BusEnding {
  return {
    shutdown: "interrupted",
    shutdownMs: tookMs,
    hang,
    failures: failures.map(failureText),
    exitCode: ExitCode.findings,
  };
}

/** What a bus run is, known once its sockets are bound: the head of its summary. */
export interface BusIdentity {
  engine: string;
  engineVersion: string;
  runtime: string;
  frontendEndpoint: string;
  backendEndpoint: string;
}

/** The summary of a run: who it was, what it counted last, what stopped it and how it ended. */
export function busSummary(who: BusIdentity, stats: BusStats, stopReason: string, ending: BusEnding): BusSummary {
  return { type: "summary", command: "bus", ...who, ...stats, stopReason, ...ending };
}
