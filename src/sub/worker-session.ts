/**
 * The main thread's side of `sub --worker`. Stop order, as the shutdown-hang scenario teaches:
 * ask the worker to stop, let it end its receive by closing its socket, wait for its result
 * and its exit (both bounded). It is terminated only after it reported that its socket is
 * closed: terminating a worker with a zeromq.js operation pending aborts the process.
 */
import { Worker } from "node:worker_threads";
import { moduleUrl } from "../runtime/project-paths.ts";
import { UsageError } from "../cli/usage-error.ts";
import type { SessionHandle } from "./session-handle.ts";
import type { SessionHooks, SubProgress, SubResult, SubStarted } from "./sub-session.ts";
import type { SubOptions } from "./sub-options.ts";
import type { FromWorker, ToWorker } from "./worker-protocol.ts";

const stopTimeoutMs = 5000;
const exitTimeoutMs = 2000;

/** Starts a session in a worker thread; resolves once its socket is ready. */
export function startWorkerSession(opts: SubOptions, hooks: SessionHooks): Promise<SessionHandle> {
  const worker = new Worker(moduleUrl("./worker-main.ts", import.meta.url), { workerData: opts });
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  let latest: SubProgress = {
    received: 0,
    lost: 0,
    duplicates: 0,
    reordered: 0,
    unparsed: 0,
    msgsPerSec: 0,
    elapsedMs: 0,
    link: "unknown",
    linkText: "starting",
    idleSince: null,
    lastPongAt: null,
  };
  let settleResult!: (r: SubResult) => void;
  let failResult!: (e: Error) => void;
  const result = new Promise<SubResult>((resolve, reject) => {
    settleResult = resolve;
    failResult = reject;
  });
  const finished = result.then(
    () => bounded(exited, exitTimeoutMs).then((ok) => (ok ? undefined : worker.terminate())),
    () => undefined,
  );

  return new Promise<SessionHandle>((resolveStart, rejectStart) => {
    let started: SubStarted | undefined;
    const fail = (e: Error) => (started ? failResult(e) : rejectStart(e));
    worker.on("error", (e) => fail(e instanceof Error ? e : new Error(String(e))));
    exited.then(() => fail(new Error("the sub worker ended without a result")));
    worker.on("message", (m: FromWorker) => {
      if (m.type === "gap") hooks.onGap?.(m.gap);
      else if (m.type === "event") hooks.onEvent?.(m.event, m.atMs);
      else if (m.type === "progress") latest = m.progress;
      else if (m.type === "done") settleResult(m.result);
      else if (m.type === "error") fail(m.user ? new UsageError(m.message) : new Error(m.message));
      else if (m.type === "started") {
        started = m.started;
        resolveStart({
          started,
          progress: () => latest,
          result: result.then(async (r) => (await finished, r)),
          stop() {
            worker.postMessage({ type: "stop" } satisfies ToWorker);
            const t = setTimeout(
              () => failResult(new Error(`the sub worker did not stop within ${stopTimeoutMs} ms`)),
              stopTimeoutMs,
            );
            result.then(() => clearTimeout(t), () => clearTimeout(t));
          },
        });
      }
    });
  });
}

function bounded(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    p.then(() => {
      clearTimeout(t);
      resolve(true);
    });
  });
}
