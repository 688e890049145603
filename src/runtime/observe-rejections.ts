/**
 * Observes unhandled rejections inside a user's program without changing what the runtime then
 * does (a preload must not turn Node's or Deno's "end at the first one" into "go on"):
 * Deno: the `unhandledrejection` event, not cancelled. Node: `uncaughtExceptionMonitor` with
 * origin "unhandledRejection", plus a listener of our own only while the program has one (then
 * Node goes on anyway). Bun has neither: a listener that, when the program has none of its own,
 * throws the reason again, so that Bun still ends as it would have.
 */
import { runtimeName } from "./runtime-name.ts";

/** Calls `listener` for every unhandled rejection; the runtime's own behaviour is kept. */
export function observeRejections(listener: (reason: unknown) => void): void {
  const runtime = runtimeName();
  const g = globalThis as { addEventListener?: typeof addEventListener };
  if (runtime === "deno" && g.addEventListener) {
    g.addEventListener("unhandledrejection", (e: Event) => listener((e as PromiseRejectionEvent).reason));
    return;
  }
  const ours = (reason: unknown) => {
    listener(reason);
    if (runtime === "bun" && process.listenerCount("unhandledRejection") === 1) throw reason;
  };
  if (runtime === "bun") {
    process.on("unhandledRejection", ours);
    return;
  }
  process.on("uncaughtExceptionMonitor", (error: unknown, origin: string) => {
    if (origin === "unhandledRejection" && !process.listeners("unhandledRejection").includes(ours)) listener(error);
  });
  // While the program listens itself, Node never throws, so the monitor would see nothing.
  process.on("newListener", (event: string | symbol, l: unknown) => {
    if (event === "unhandledRejection" && l !== ours && !process.listeners("unhandledRejection").includes(ours)) {
      process.on("unhandledRejection", ours);
    }
  });
  process.on("removeListener", (event: string | symbol, l: unknown) => {
    if (event === "unhandledRejection" && l !== ours && process.listenerCount("unhandledRejection") === 1) {
      process.off("unhandledRejection", ours);
    }
  });
}
