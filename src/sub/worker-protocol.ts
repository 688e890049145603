/** Messages between `sub`'s main thread and its worker thread (--worker). */
import type { SocketEvent } from "../engine/types.ts";
import type { GapEvent } from "./accounting.ts";
import type { SubProgress, SubResult, SubStarted } from "./sub-session.ts";

/** Main thread to worker. */
export type ToWorker = { type: "stop" };

/** Worker to main thread. */
export type FromWorker =
  | { type: "started"; started: SubStarted }
  | { type: "gap"; gap: GapEvent }
  | { type: "event"; event: SocketEvent; atMs: number }
  | { type: "progress"; progress: SubProgress }
  | { type: "done"; result: SubResult }
  | { type: "error"; message: string; user: boolean };

/** How often the worker sends a progress sample. */
export const workerProgressMs = 100;
