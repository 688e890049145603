/**
 * Publishing until a subscription has reached the publisher: ZeroMQ subscriptions travel
 * asynchronously, so a test publishes probe messages in a bounded loop and reads what a raw
 * subscriber got, instead of sleeping and hoping.
 */
import type { ZSocket } from "../../../../src/engine/types.ts";
import type { RawPeer } from "./raw-peer.ts";
import { sleep } from "./bounded.ts";

/**
 * Calls `publishRound(i)` every 10 ms (at most `rounds` times) until a frame body read by `raw`
 * satisfies `done`; returns every frame body read, in order.
 */
export async function publishUntil(
  raw: RawPeer,
  publishRound: (i: number) => Promise<void>,
  done: (body: string) => boolean,
  what: string,
  rounds = 300,
): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < rounds; i++) {
    await publishRound(i);
    await sleep(10);
    for (const f of raw.takeFrames()) seen.push(f.body.toString("latin1"));
    if (seen.some(done)) return seen;
  }
  throw new Error(`after ${rounds} rounds, still waiting for ${what}; got ${JSON.stringify(seen.slice(0, 20))}`);
}

/** Sends each string as a one-frame message. */
export async function sendAll(pub: ZSocket, ...bodies: string[]): Promise<void> {
  for (const b of bodies) await pub.send(b);
}
