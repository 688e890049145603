/** Termination signals zmqdiag handles. */
export type StopSignal = "SIGINT" | "SIGTERM";
/** What stops a command: a signal, or EPIPE (the reader of its output went away). */
export type StopCause = StopSignal | "EPIPE";

/** The handlers installed now, so that a stop can also be asked for from inside (see requestStop). */
const handlers = new Set<(signal: StopCause) => void>();

/**
 * Calls `handler` on SIGINT/SIGTERM (each delivery) until the returned function is called.
 * On Node and Bun this uses process.on; Deno's process.on shim is used too, as it maps to
 * Deno.addSignalListener. Removing the listeners lets the process exit naturally.
 */
export function onStopSignal(handler: (signal: StopCause) => void): () => void {
  const sigs: StopSignal[] = ["SIGINT", "SIGTERM"];
  const listeners = sigs.map((s) => {
    const l = () => handler(s);
    process.on(s, l);
    return [s, l] as const;
  });
  handlers.add(handler);
  return () => {
    handlers.delete(handler);
    for (const [s, l] of listeners) process.off(s, l);
  };
}

/**
 * Stops the running command as a signal would, for `cause` (e.g. EPIPE: its output pipe
 * closed). Returns false when no command is listening for stop signals.
 */
export function requestStop(cause: StopCause): boolean {
  if (handlers.size === 0) return false;
  for (const h of [...handlers]) h(cause);
  return true;
}
