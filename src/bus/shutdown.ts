/**
 * The bus's shutdown, in the order the shutdown-hang scenario teaches: stop taking work and
 * cancel our own receives, let in-flight forwarding finish, then close the sockets (children
 * before parents). It is bounded: past the deadline it gives up waiting and reports a `hang`
 * that names what was still pending: the forwarder's own operations and the registry's.
 */
import { type PendingReport, pendingReport, type Registry } from "../engine/registry.ts";
import type { ZSocket } from "../engine/types.ts";
import type { Forwarder, LoopFailure } from "./forwarder.ts";

/** The finding when shutdown did not end in time. */
export interface HangFinding {
  phase: "shutdown";
  timeoutMs: number;
  /** What was waited for when the deadline passed. */
  waitingFor: string;
  pending: PendingReport[];
}

/** How shutdown went. */
export type ShutdownOutcome =
  | { clean: true; failures: LoopFailure[]; tookMs: number }
  | { clean: false; hang: HangFinding; tookMs: number };

/** What is pending now: the forwarder's loops, then anything else recorded in `registry`; oldest first. */
export function pendingNow(registry: Registry, forwarder?: Pick<Forwarder, "inFlight">): PendingReport[] {
  const snap = registry.snapshot();
  const all = [...(forwarder?.inFlight() ?? []), ...snap.pending].sort((a, b) => a.since - b.since);
  return all.map((p) => pendingReport(p, snap.at));
}

/**
 * Shuts the bus down within `timeoutMs` from `startedAt`. The sockets are closed in every case
 * (close() is synchronous and settles what is pending on them), after the counters have been
 * read by `beforeClose`.
 */
export async function shutdownBus(args: {
  forwarder: Forwarder;
  sockets: ZSocket[];
  registry: Registry;
  timeoutMs: number;
  startedAt: number;
  beforeClose: () => void;
}): Promise<ShutdownOutcome> {
  const { forwarder, sockets, registry, timeoutMs, startedAt, beforeClose } = args;
  forwarder.stop();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"deadline">((resolve) => {
    timer = setTimeout(() => resolve("deadline"), Math.max(0, startedAt + timeoutMs - Date.now()));
  });
  const ended = await Promise.race([forwarder.done, deadline]);
  clearTimeout(timer);
  if (ended === "deadline") {
    const hang: HangFinding = {
      phase: "shutdown",
      timeoutMs,
      waitingFor: "the forwarding loops to end after their receives were cancelled",
      pending: pendingNow(registry, forwarder),
    };
    beforeClose();
    closeAll(sockets);
    return { clean: false, hang, tookMs: Date.now() - startedAt };
  }
  beforeClose();
  closeAll(sockets);
  return { clean: true, failures: ended, tookMs: Date.now() - startedAt };
}

function closeAll(sockets: ZSocket[]): void {
  for (const s of sockets) {
    try {
      if (!s.closed) s.close();
    } catch {
      // A socket that fails to close is left to process exit; the report matters more.
    }
  }
}
