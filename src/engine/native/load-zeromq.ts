/**
 * The one place that loads zeromq.js. The import is dynamic so that nothing touches the native
 * addon until the native engine is asked for (Bun panics on its first socket).
 */
import { createRequire } from "node:module";

/** The zeromq.js module, typed by its own declarations. */
export type ZeromqModule = typeof import("zeromq");

/** zeromq.js, loaded, with the versions that name it. */
export interface LoadedZeromq {
  zmq: ZeromqModule;
  /** libzmq's version, e.g. "4.3.5". */
  libzmqVersion: string;
  /** The zeromq.js package's version, e.g. "6.8.0". */
  packageVersion: string;
}

let loaded: Promise<LoadedZeromq> | undefined;

/** Loads zeromq.js once per process. */
export function loadZeromq(): Promise<LoadedZeromq> {
  loaded ??= (async () => {
    const mod = (await import("zeromq")) as ZeromqModule & { default?: ZeromqModule };
    // zeromq.js is CommonJS: some runtimes expose it as the default export only.
    const zmq = typeof mod.Pull === "function" ? mod : mod.default!;
    const pkg = createRequire(import.meta.url)("zeromq/package.json") as { version: string };
    return { zmq, libzmqVersion: zmq.version, packageVersion: pkg.version };
  })();
  return loaded;
}
