/**
 * What the preload does inside a JS program run by `zmqdiag repro -- <command>`: opens the side
 * channel, reports every unhandled rejection, answers zmqdiag's state request (SIGUSR2, sent just
 * before a hung run is killed), then runs the instrumenters.
 */
import { errorText } from "../repro/error-text.ts";
import { observeRejections } from "../runtime/observe-rejections.ts";
import { runtimeName } from "../runtime/runtime-name.ts";
import { onUnhandledRejection } from "../runtime/unhandled-rejections.ts";
import { activateChannel, addStateProvider, collectState, emit } from "./channel.ts";
import { instrumenters } from "./instrumenters.ts";
import { rejectionContext } from "./rejection-context.ts";

/** keep: the runtime's own behaviour (Node and Deno end at the first one); count: go on and count each. */
export type RejectionMode = "keep" | "count";

/** The signal zmqdiag sends a hung JS program to ask for its state. */
export const stateSignal = "SIGUSR2";

const maxStackLines = 30;

function reportRejection(reason: unknown): void {
  const stack = reason instanceof Error && reason.stack
    ? reason.stack.split("\n").slice(0, maxStackLines).join("\n")
    : undefined;
  const context = rejectionContext(reason);
  emit({ t: "rejection", message: errorText(reason), ...(stack ? { stack } : {}), ...(context ? { context } : {}) });
}

/** What keeps the event loop busy, by kind (e.g. {"Timeout": 2, "TCPSocketWrap": 1}). */
function activeResources(): Record<string, number> | undefined {
  const info = (process as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo?.();
  if (!info) return undefined;
  const out: Record<string, number> = {};
  for (const kind of info) out[kind] = (out[kind] ?? 0) + 1;
  return out;
}

/** Installs everything, once. */
export function installPreload(mode: RejectionMode): void {
  activateChannel();
  emit({ t: "hello", pid: process.pid, runtime: runtimeName(), rejections: mode });
  if (mode === "count") onUnhandledRejection(reportRejection);
  else observeRejections(reportRejection);
  const started = performance.now();
  addStateProvider("resources", activeResources);
  addStateProvider("uptimeMs", () => Math.round(performance.now() - started));
  // A signal listener does not keep the program alive on any of the three runtimes.
  process.on(stateSignal, () => emit({ t: "state", state: collectState() }));
  for (const install of instrumenters) {
    try {
      install();
    } catch (e) {
      emit({ t: "note", text: `a preload instrumenter failed: ${errorText(e)}` });
    }
  }
}
