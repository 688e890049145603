/**
 * Small waits the scenarios use to steer their own timing. Every wait is bounded, so a scenario
 * that goes wrong shows up as a finding, never as a wait that the harness has to kill.
 */
import type { Buffer } from "node:buffer";
import { hasCode } from "../engine/errors.ts";
import type { ZSocket } from "../engine/types.ts";

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every millisecond; true once it holds, false when `timeoutMs` passed first. */
export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= end) return false;
    await sleep(1);
  }
  return true;
}

/**
 * Receives one message within `timeoutMs`, retrying through a short receive timeout (EAGAIN)
 * and through a receive that someone else left pending (EBUSY). Undefined when none came.
 * Steering code uses it (warm-ups, drains); the programs under test do their own receiving.
 */
export async function receiveWithin(socket: ZSocket, timeoutMs: number): Promise<Buffer[] | undefined> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const signal = AbortSignal.timeout(Math.max(1, end - Date.now()));
    try {
      return await socket.receive({ signal });
    } catch (e) {
      if (hasCode(e, "EBUSY")) await sleep(1);
      else if (!hasCode(e, "EAGAIN") && !signal.aborted) throw e;
    }
  }
  return undefined;
}
