/**
 * Observes unhandled promise rejections with the runtime's own hook: Deno's
 * `unhandledrejection` event, Node's and Bun's process.on("unhandledRejection").
 * The listener sees every one; the rejection is marked handled so the process goes on.
 * Returns a function that stops observing.
 */
export function onUnhandledRejection(listener: (reason: unknown) => void): () => void {
  const g = globalThis as {
    Deno?: unknown;
    addEventListener?: typeof addEventListener;
    removeEventListener?: typeof removeEventListener;
  };
  if (g.Deno && g.addEventListener) {
    const l = (e: Event) => {
      e.preventDefault();
      listener((e as PromiseRejectionEvent).reason);
    };
    g.addEventListener("unhandledrejection", l);
    return () => g.removeEventListener!("unhandledrejection", l);
  }
  const l = (reason: unknown) => listener(reason);
  process.on("unhandledRejection", l);
  return () => {
    process.off("unhandledRejection", l);
  };
}
