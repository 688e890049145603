/** What `sub` was asked to do: plain data, so that it can be handed to a worker thread. */
import type { EngineChoice } from "../engine/load.ts";

/** Socket types `sub` can receive with. */
export const subSocketTypes = ["sub", "pull", "xsub"] as const;
/** One of them. */
export type SubSocketType = (typeof subSocketTypes)[number];

/** The options of one `sub` run (already checked). */
export interface SubOptions {
  endpoint: string;
  bind: boolean;
  type: SubSocketType;
  /** Topic prefixes (SUB/XSUB); [""] = everything. */
  topics: string[];
  engine: EngineChoice;
  /** The --seq text (checked by parseSeqSpec). */
  seq: string;
  /** Stop after this many messages. */
  count?: number;
  /** The stream starts at 0 and this many messages are expected; fewer is a finding. */
  expect?: number;
  /** Streams start at 0 (a late join is then a loss). */
  fromZero: boolean;
  durationMs?: number;
  /** Stop after this long without a message, once one has arrived. */
  idleTimeoutMs?: number;
  hwm?: number;
  /** Largest message accepted from a peer, bytes; -1 unlimited (the engine's default when absent). */
  maxMessageSize?: number;
  /** ZMTP heartbeat interval in ms on the zmtp engine (0 = off). */
  heartbeatMs: number;
  /** Read at most this many messages per second (a slow consumer, on purpose). */
  rate?: number;
  json: boolean;
  report?: string;
  /** Run the receive loop and the accounting in a worker thread. */
  worker: boolean;
}
