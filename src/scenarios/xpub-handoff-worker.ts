/**
 * The worker of xpub-thread-misuse's "worker-handoff" form: it was meant to read the XPUB
 * socket's subscription events. It reports what actually arrived when the socket was posted to
 * it, then ends.
 */
import { parentPort } from "node:worker_threads";

/** What the worker tells the main thread. */
export interface HandoffReport {
  /** What arrived, in words, e.g. "an object with no own properties ({})". */
  arrived: string;
  /** Whether the thing that arrived can receive at all. */
  canReceive: boolean;
}

function describe(value: unknown): string {
  if (value === null || typeof value !== "object") return `${value === null ? "null" : typeof value}`;
  const keys = Object.keys(value);
  const proto = Object.getPrototypeOf(value) === Object.prototype ? "a plain object" : "an object";
  return keys.length === 0
    ? `${proto} with no own properties ({})`
    : `${proto} with properties ${keys.slice(0, 8).join(", ")}`;
}

parentPort?.once("message", (message: { socket?: unknown }) => {
  const socket = message.socket as { receive?: unknown } | undefined;
  const report: HandoffReport = { arrived: describe(socket), canReceive: typeof socket?.receive === "function" };
  parentPort!.postMessage(report);
});
