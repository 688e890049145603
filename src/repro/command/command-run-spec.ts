/** One run of `repro -- <command>` to make: the command, and the deadlines of its phases. */
import type { RejectionMode } from "../../preload/install.ts";
import type { Target } from "./target.ts";

/** One run to make. */
export interface CommandRunSpec {
  target: Target;
  iteration: number;
  /** --timeout: how long the program may run (without --stop-after). */
  runMs: number;
  /** --stop-after: when the stop signal is sent. */
  stopAfterMs?: number;
  stopSignal: "SIGTERM" | "SIGINT";
  /** --exit-timeout: how long the program has to exit after the stop signal. */
  exitMs: number;
  rejections: RejectionMode;
}
