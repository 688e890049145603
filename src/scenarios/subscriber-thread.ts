/**
 * The main thread's side of shutdown-hang's subscriber worker: starts it, counts what it
 * receives, and records its pending receive with `ctx.pending` (the worker's own registry is
 * separate, so a hang could not name it otherwise).
 */
import { Worker } from "node:worker_threads";
import { moduleUrl } from "../runtime/project-paths.ts";
import type { FromSubscriber, SubscriberData, ToSubscriber } from "./shutdown-hang-worker.ts";
import type { ScenarioContext } from "./types.ts";

/** A subscriber thread, as the main thread sees it. */
export interface SubscriberThread {
  readonly worker: Worker;
  /** "starting", then "ready" (subscribed and receiving), then "stopped" (socket closed). */
  readonly state: "starting" | "ready" | "stopped";
  /** True once the thread has ended. */
  readonly exited: boolean;
  /** Probe messages received (they prove the subscription reached the publisher). */
  readonly probes: number;
  /** Sequenced messages received (each was also given to ctx.processed). */
  readonly received: number;
  /** What went wrong in the thread, if anything did. */
  readonly failure: string | undefined;
  /** Asks the loop to stop: abort its receive, close its socket, end. */
  stop(): void;
}

/** Starts the subscriber worker on the bus's `endpoint`. Messages "message <seq>" are processed; "probe" counted. */
export function startSubscriberThread(ctx: ScenarioContext, endpoint: string): SubscriberThread {
  const data: SubscriberData = { engineName: ctx.engineName as SubscriberData["engineName"], endpoint };
  const worker = new Worker(moduleUrl("./shutdown-hang-worker.ts", import.meta.url), { workerData: data });
  let settleReceive: (() => void) | undefined;
  const t = {
    worker,
    state: "starting" as SubscriberThread["state"],
    exited: false,
    probes: 0,
    received: 0,
    failure: undefined as string | undefined,
    stop: () => worker.postMessage({ type: "stop" } satisfies ToSubscriber),
  };
  worker.on("message", (m: FromSubscriber) => {
    if (m.type === "ready") {
      t.state = "ready";
      settleReceive = ctx.pending(`subscriber thread #${worker.threadId}`, `receive on sub (connect ${endpoint})`);
    } else if (m.type === "message") {
      if (m.text === "probe") t.probes++;
      else {
        ctx.processed(Number(m.text.slice("message ".length)));
        t.received++;
      }
    } else if (m.type === "failed") {
      t.failure = m.message;
    } else if (m.type === "stopped") {
      t.state = "stopped";
      settleReceive?.();
    }
  });
  worker.on("error", (e) => {
    t.failure = String(e);
  });
  worker.on("exit", () => {
    t.exited = true;
  });
  return t;
}
