/**
 * The zeromq.js instrumentation, as the preload installs it (one of `instrumenters`): it waits
 * for the program to load a zeromq.js addon, puts the instrumented classes in place, and from
 * then on answers state requests under "zeromq" and says, at exit, which sockets were never
 * closed. Nothing here may throw into the program or change what it observes.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { onAddonLoad } from "../../runtime/addon-loads.ts";
import { runtimeName } from "../../runtime/runtime-name.ts";
import { addStateProvider, emit } from "../channel.ts";
import { rejectedWith } from "../promise-state.ts";
import { addContextProvider } from "../rejection-context.ts";
import { skipFramesUnder } from "./call-site.ts";
import { otherJson, socketJson, socketLine } from "./describe.ts";
import { flushFindings, noteOnce } from "./findings.ts";
import { recordConstruction } from "./others.ts";
import { watchRaces } from "./races.ts";
import { recentCalls } from "./io-slot.ts";
import { counts, limits, openSockets, others, recentlyClosed } from "./registry.ts";
import { missingParts } from "./shape.ts";
import { instrumentSocket } from "./socket-class.ts";
import { watchWorkers, workerStates } from "./workers.ts";
import { zeromqPackageOf } from "./zeromq-package.ts";

const copies: Array<{ version: string; root: string; libzmq: string }> = [];

/** Everything known of the program's zeromq.js objects (details.hang.state.zeromq). */
export function zeromqState() {
  const now = performance.now();
  const workers = workerStates();
  const pending = [
    ...[...openSockets].map((rec) => socketLine(rec, now)),
    ...others.filter((rec) => rec.ops.length).map((rec) => otherJson(rec, now).line),
    ...workers.flatMap((
      w,
    ) => (Array.isArray(w.sockets) ? w.sockets.map((s) => String((s as { line?: string }).line ?? s)) : [])),
  ];
  return {
    /** One line per open socket (and running Proxy), worker sockets included: the hang report's "pending". */
    pending,
    copies,
    sockets: [...openSockets].map((rec) => socketJson(rec, now)),
    contextsAndProxies: others.map((rec) => otherJson(rec, now)),
    workers,
    counts: { ...counts, limits },
  };
}

/** Whether a reason can be one of zeromq.js's: its errors carry a string `code` and a numeric `errno`. */
function zeromqLike(reason: unknown): boolean {
  try {
    const r = reason as { code?: unknown; errno?: unknown } | null;
    return typeof r === "object" && r !== null && typeof r.code === "string" && typeof r.errno === "number";
  } catch {
    return false;
  }
}

/**
 * The call an unhandled rejection's reason came from: the receive or send, among the latest two
 * of every socket open or closed with a call pending, whose promise was rejected with that very
 * reason. Reasons that cannot be zeromq.js's are not looked up.
 */
function callRejectedWith(reason: unknown): string | undefined {
  if (!zeromqLike(reason)) return undefined;
  const calls = new Map<Promise<unknown>, () => string>();
  for (const rec of [...openSockets, ...recentlyClosed]) {
    if (!rec.io) continue;
    for (const call of [...recentCalls(rec.io.receive), ...recentCalls(rec.io.send)]) {
      calls.set(call.promise, call.context);
    }
  }
  const hit = rejectedWith(calls.keys(), reason);
  return hit && calls.get(hit)?.();
}

// deno-lint-ignore no-explicit-any
function instrument(pkg: { root: string; version: string }, addon: Record<string, any>): void {
  const libzmq = typeof addon.version === "string" ? addon.version : "unknown";
  if (runtimeName() === "bun") {
    noteOnce(
      `zeromq.js ${pkg.version} loaded on Bun: it cannot run there (the first socket panics in uv_poll_init_socket, oven-sh/bun#18546), so it is not instrumented`,
    );
    return;
  }
  const missing = missingParts(addon);
  if (missing.length) {
    noteOnce(
      `zeromq.js ${pkg.version} at ${pkg.root} has a shape zmqdiag does not know (missing ${
        missing.join(", ")
      }): not instrumented`,
    );
    return;
  }
  addon.Socket = instrumentSocket(addon.Socket);
  addon.Context = recordConstruction(addon.Context, "Context");
  addon.Proxy = recordConstruction(addon.Proxy, "Proxy");
  skipFramesUnder(pkg.root);
  watchRaces();
  if (!copies.length) {
    addStateProvider("zeromq", zeromqState);
    addContextProvider(callRejectedWith);
  }
  copies.push({ ...pkg, libzmq });
}

function atExit(): void {
  flushFindings();
  const now = performance.now();
  const open = [...openSockets];
  if (open.length) {
    emit({
      t: "note",
      text: `${open.length} zeromq.js socket(s) never closed: ${open.map((rec) => socketLine(rec, now)).join("; ")}`,
    });
  }
}

let installed = false;

/** Installs the instrumentation, once per thread. */
export function installZeromq(): void {
  if (installed) return;
  installed = true;
  skipFramesUnder(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
  watchWorkers();
  onAddonLoad((filename, exports) => {
    const pkg = zeromqPackageOf(filename);
    if (pkg && exports && typeof exports === "object") instrument(pkg, exports as Record<string, unknown>);
  });
  process.on("exit", atExit);
}
