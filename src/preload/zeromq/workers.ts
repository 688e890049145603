/**
 * Sockets in worker threads. Every thread runs the preload, so a worker tracks its own sockets;
 * what it has open and pending is published into a slot of one SharedArrayBuffer that the main
 * thread hands to every worker (worker_threads environment data). The main thread reads it
 * synchronously: in its state report, and in `worker.terminate()`, where a worker with an
 * operation waiting is a finding (terminating it aborts the whole process: zeromq.js#411).
 */
import { Buffer } from "node:buffer";
import { setImmediate } from "node:timers";
import * as wt from "node:worker_threads";
import { ageMarksToAges, setThreadId, socketJson } from "./describe.ts";
import { reportFinding } from "./findings.ts";
import { tagReason } from "../rejection-context.ts";
import { followCalls, latestCall } from "./io-slot.ts";
import { contextText } from "./op-text.ts";
import { onWaitChange } from "./operations.ts";
import type { IoSlot } from "./records.ts";
import { onSocketsChange, openSockets } from "./registry.ts";

const key = "zmqdiag.zeromq.workers";
const slots = 32;
const slotBytes = 8192;
const header = 3; // threadId, waiting operations, text length

interface Table {
  ints: Int32Array;
  bytes: Uint8Array;
}

let table: Table | undefined;

function view(sab: SharedArrayBuffer): Table {
  return { ints: new Int32Array(sab, 0, slots * header), bytes: new Uint8Array(sab, slots * header * 4) };
}

function publish(t: Table, slot: number): void {
  const now = performance.now();
  const sockets = [...openSockets].map((rec) => socketJson(rec, now));
  const waiting = sockets.reduce((n, s) => n + s.pending.filter((p) => p.keepsAlive).length, 0);
  let text = Buffer.from(JSON.stringify(sockets));
  if (text.length > slotBytes) text = Buffer.from(JSON.stringify(sockets.map((s) => s.line)).slice(0, slotBytes));
  t.bytes.set(text.subarray(0, slotBytes), slot * slotBytes);
  Atomics.store(t.ints, slot * header + 2, Math.min(text.length, slotBytes));
  Atomics.store(t.ints, slot * header + 1, waiting);
}

function read(t: Table, slot: number): { worker: number; waiting: number; sockets: unknown } {
  const len = Atomics.load(t.ints, slot * header + 2);
  const copy = t.bytes.slice(slot * slotBytes, slot * slotBytes + len);
  let sockets: unknown = [];
  try {
    sockets = JSON.parse(ageMarksToAges(new TextDecoder().decode(copy)));
  } catch {
    sockets = "(being written)";
  }
  return { worker: Atomics.load(t.ints, slot * header), waiting: Atomics.load(t.ints, slot * header + 1), sockets };
}

/** What each worker thread that made sockets has open (the main thread's view). */
export function workerStates(): Array<{ worker: number; waiting: number; sockets: unknown }> {
  if (!table) return [];
  const out = [];
  for (let s = 0; s < slots; s++) if (Atomics.load(table.ints, s * header) !== 0) out.push(read(table, s));
  return out;
}

function watchTerminate(): void {
  const proto = wt.Worker?.prototype as { terminate?: (...a: unknown[]) => unknown; threadId?: number } | undefined;
  const original = proto?.terminate;
  if (!proto || typeof original !== "function") return;
  proto.terminate = function terminate(this: { threadId: number }, ...args: unknown[]) {
    try {
      const state = workerStates().find((w) => w.worker === this.threadId);
      if (state && state.waiting > 0) {
        const lines = Array.isArray(state.sockets)
          ? state.sockets.map((s) => (s as { line?: string }).line ?? String(s))
          : [];
        reportFinding(
          "worker-terminated-pending",
          `worker ${this.threadId} terminated with ${state.waiting} zeromq.js operation(s) pending, which aborts the process: ${
            lines.join("; ")
          }`,
          { worker: this.threadId, waiting: state.waiting, sockets: state.sockets },
        );
      }
    } catch {
      // never throw into the program
    }
    return original.apply(this, args);
  };
}

/** `publish`, run once at the end of the turn in which it was asked for (a busy loop publishes once per turn). */
function republishAtTurnEnd(publish: () => void): () => void {
  let due = false;
  const run = () => {
    due = false;
    publish();
  };
  return () => {
    if (due) return;
    due = true;
    (setImmediate(run) as { unref?: () => unknown }).unref?.();
  };
}

/**
 * A worker's receive and send calls are followed, so that what it publishes changes when a call
 * settles (the main thread reads it when the worker is terminated). The program gets a promise
 * that settles as zeromq.js's does, one microtask later.
 */
function followed(changed: () => void) {
  return (slot: IoSlot, promise: Promise<unknown>): Promise<unknown> => {
    const op = latestCall(slot);
    changed();
    return promise.then((value) => {
      changed();
      return value;
    }, (reason: unknown) => {
      tagReason(reason, () => contextText(slot.owner, op));
      changed();
      throw reason;
    });
  };
}

/** Sets up the table (main thread) or this worker's slot in it. */
export function watchWorkers(): void {
  try {
    if (wt.isMainThread) {
      const sab = new SharedArrayBuffer(slots * header * 4 + slots * slotBytes);
      wt.setEnvironmentData(key, sab);
      table = view(sab);
    } else {
      const sab = wt.getEnvironmentData(key);
      if (sab instanceof SharedArrayBuffer) table = view(sab);
      setThreadId(wt.threadId);
      const t = table;
      let slot = -1;
      for (let s = 0; t && s < slots && slot < 0; s++) {
        if (Atomics.compareExchange(t.ints, s * header, 0, wt.threadId) === 0) slot = s;
      }
      if (t && slot >= 0) {
        const republish = () => publish(t, slot);
        onWaitChange(republish);
        followCalls(followed(republishAtTurnEnd(republish)));
        // A worker that ends has nothing open any more.
        process.on("exit", () => Atomics.store(t.ints, slot * header, 0));
        onSocketsChange(republish);
      }
    }
  } catch {
    // a runtime without environment data: workers' sockets are tracked, not reported to the main thread
  }
  watchTerminate();
}
