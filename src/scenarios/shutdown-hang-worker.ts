/**
 * The asynchronous subscriber of shutdown-hang, in its own worker thread (the JavaScript form
 * of an asyncio loop running in a background thread). It subscribes to everything on the bus,
 * posts each message to the main thread, and runs until the main thread posts "stop": then it
 * aborts its receive, closes its socket and ends.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadEngine } from "../engine/load.ts";
import type { EngineName } from "../engine/types.ts";

/** What the main thread may post to the subscriber. */
export type ToSubscriber = { type: "stop" };
/** What the subscriber posts to the main thread. */
export type FromSubscriber =
  | { type: "ready" }
  | { type: "message"; text: string }
  | { type: "failed"; message: string }
  | { type: "stopped" };

/** The data the worker starts with. */
export interface SubscriberData {
  engineName: EngineName;
  endpoint: string;
}

const port = parentPort!;
const { engineName, endpoint } = workerData as SubscriberData;
const post = (m: FromSubscriber) => port.postMessage(m);
const stop = new AbortController();
// The loop's control channel: like asyncio's run_forever, it keeps this thread running.
const onControl = (m: ToSubscriber) => {
  if (m.type === "stop") stop.abort();
};
port.on("message", onControl);

const engine = await loadEngine(engineName);
const sub = engine.socket("sub", { linger: 0 });
sub.subscribe("");
await sub.connect(endpoint);
post({ type: "ready" });
const decoder = new TextDecoder();
while (!stop.signal.aborted) {
  try {
    const [frame] = await sub.receive({ signal: stop.signal });
    post({ type: "message", text: decoder.decode(frame) });
  } catch (e) {
    if (!stop.signal.aborted) post({ type: "failed", message: String(e) });
    break;
  }
}
sub.close();
post({ type: "stopped" });
port.off("message", onControl); // nothing keeps the thread running any more: it ends
