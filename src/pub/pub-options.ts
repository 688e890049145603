/** What `pub` was asked to do. */
import type { EngineChoice } from "../engine/load.ts";

/** Socket types `pub` can send with. */
export const pubSocketTypes = ["pub", "push", "xpub"] as const;
/** One of them. */
export type PubSocketType = (typeof pubSocketTypes)[number];

/** The options of one `pub` run (already checked). */
export interface PubOptions {
  endpoint: string;
  bind: boolean;
  type: PubSocketType;
  topic: string;
  engine: EngineChoice;
  /** Sequence numbers 0..count-1 (skipped ones included); unbounded when absent. */
  count?: number;
  /** Messages per second; as fast as the engine takes them when absent. */
  rate?: number;
  /** Bytes of the payload frame (header included). */
  size: number;
  durationMs?: number;
  stream: number;
  /** Wait before the first message, so that subscribers can join. */
  warmupMs: number;
  lingerMs: number;
  hwm?: number;
  /** Largest message accepted from a peer (subscriptions), bytes; -1 unlimited (the engine's default when absent). */
  maxMessageSize?: number;
  /** The --skip text (checked by parseSkipList). */
  skip?: string;
  json: boolean;
  report?: string;
}

/** What the command line gives: the stream and the warmup may be left to their defaults. */
export type PubInput = Omit<PubOptions, "stream" | "warmupMs"> & { stream?: number; warmupMs?: number };

/** The default --warmup: PUB and XPUB drop messages until a subscriber has joined; PUSH waits. */
export function defaultWarmupMs(type: PubSocketType): number {
  return type === "push" ? 0 : 300;
}
