/** Plain data of a `sub` session (what its runner, worker protocol and reports share). */
import type { SocketCounters } from "../engine/types.ts";
import type { RuntimeName } from "../runtime/runtime-name.ts";
import type { AccountingSnapshot } from "./accounting-types.ts";
import type { LinkFacts, LinkStateName } from "./liveness.ts";

/** Why a run ended. */
export type StopReason = "count" | "expect" | "duration" | "idle" | "signal";

/** What is known once the socket is ready. */
export interface SubStarted {
  endpoint: string;
  engine: string;
  engineVersion: string;
  runtime: RuntimeName;
  /** ZMTP heartbeats on (zmtp engine, --heartbeat > 0). */
  heartbeats: boolean;
}

/** A progress sample, for the live line and `progress` events. */
export interface SubProgress {
  received: number;
  lost: number;
  duplicates: number;
  reordered: number;
  unparsed: number;
  msgsPerSec: number;
  elapsedMs: number;
  link: LinkStateName;
  linkText: string;
  idleSince: number | null;
  lastPongAt: number | null;
}

/** The end of a run: the accounting plus how it ended. */
export interface SubResult extends AccountingSnapshot {
  stopReason: StopReason;
  elapsedMs: number;
  counters: SocketCounters | null;
  link: LinkFacts;
}
