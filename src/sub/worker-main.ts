/**
 * The worker thread of `sub --worker`: it owns the socket, the receive loop and the
 * accounting. On "stop" it closes its socket, which settles its pending receive (see
 * sub-session.ts); it reports the result and then ends by itself (nothing of it is left
 * pending), so the main thread never has to terminate it while a ZeroMQ operation is in flight.
 */
import { parentPort, workerData } from "node:worker_threads";
import { UserError } from "../user-error.ts";
import { endWorker } from "../runtime/end-worker.ts";
import { SubSession } from "./sub-session.ts";
import type { SubOptions } from "./sub-options.ts";
import { type FromWorker, type ToWorker, workerProgressMs } from "./worker-protocol.ts";

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);
const session = new SubSession(workerData as SubOptions, {
  onGap: (gap) => post({ type: "gap", gap }),
  onEvent: (event, atMs) => post({ type: "event", event, atMs }),
});
port.on("message", (m: ToWorker) => {
  if (m.type === "stop") session.stop("signal");
});

let timer: ReturnType<typeof setInterval> | undefined;
try {
  post({ type: "started", started: await session.open() });
  timer = setInterval(() => post({ type: "progress", progress: session.progress() }), workerProgressMs);
  const result = await session.run();
  clearInterval(timer);
  post({ type: "done", result });
} catch (e) {
  clearInterval(timer);
  post({ type: "error", message: e instanceof Error ? e.message : String(e), user: e instanceof UserError });
}
endWorker(port);
