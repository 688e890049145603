/**
 * What ends a bus run: SIGINT/SIGTERM, the end of --duration, or a failure. The first one starts
 * the shutdown; a second signal during shutdown calls `onSecondSignal`, which must end the
 * process at once.
 */
import { onStopSignal } from "../runtime/signals.ts";

/** Resolves with the reason of the first stop; `dispose()` removes the signal handlers and timer. */
export interface StopTrigger {
  stopped: Promise<string>;
  /** Asks for a stop from inside (a loop failure). */
  request(reason: string): void;
  dispose(): void;
}

/** Arms the stop trigger. */
export function armStopTrigger(durationMs: number | undefined, onSecondSignal: (signal: string) => void): StopTrigger {
  let resolveStop!: (reason: string) => void;
  let first = true;
  const stopped = new Promise<string>((r) => (resolveStop = r));
  const request = (reason: string) => {
    if (!first) return;
    first = false;
    resolveStop(reason);
  };
  const offSignals = onStopSignal((signal) => {
    if (first) request(signal);
    else onSecondSignal(signal);
  });
  const timer = durationMs === undefined ? undefined : setTimeout(() => request("duration"), durationMs);
  return {
    stopped,
    request,
    dispose() {
      offSignals();
      if (timer) clearTimeout(timer);
    },
  };
}
