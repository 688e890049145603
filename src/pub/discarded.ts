/**
 * How many of the messages `pub` handed to its socket never left because the linger ran out,
 * from what the engine reports per peer. A PUB or XPUB gives every message to each peer, so a
 * message is lost to all only when the peer that got most still lacked it: the smallest count.
 * A PUSH gives each message to one peer: the counts add up. null when the engine cannot tell.
 */
import type { LingerOutcome } from "../engine/types.ts";
import type { PubSocketType } from "./pub-options.ts";

/** Messages discarded at close, or null when not measurable. */
export function discardedMessages(type: PubSocketType, outcome: LingerOutcome | null): number | null {
  if (outcome === null) return null;
  if (type === "push") return outcome.discarded;
  return outcome.perPeer.length ? Math.min(...outcome.perPeer) : 0;
}
