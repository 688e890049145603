/** Termination signals zmqdiag handles. */
export type StopSignal = "SIGINT" | "SIGTERM";

/**
 * Calls `handler` on SIGINT/SIGTERM (each delivery) until the returned function is called.
 * On Node and Bun this uses process.on; Deno's process.on shim is used too, as it maps to
 * Deno.addSignalListener. Removing the listeners lets the process exit naturally.
 */
export function onStopSignal(handler: (signal: StopSignal) => void): () => void {
  const sigs: StopSignal[] = ["SIGINT", "SIGTERM"];
  const listeners = sigs.map((s) => {
    const l = () => handler(s);
    process.on(s, l);
    return [s, l] as const;
  });
  return () => {
    for (const [s, l] of listeners) process.off(s, l);
  };
}
