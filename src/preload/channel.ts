/**
 * The side channel from a program run by `zmqdiag repro -- <command>` to zmqdiag: one JSON line
 * per event on the program's stderr, behind a marker, written synchronously so that nothing is
 * lost when the program dies right after (Node ends at the first unhandled rejection). stderr,
 * not a file or an extra descriptor, because a Deno program may have no permission for either.
 * This module is loaded into the user's program: it imports nothing but node:fs and marked-line.ts.
 */
import fs from "node:fs";
import { markedLine, parseMarkedLine } from "./marked-line.ts";

/** One event from a program under `repro -- <command>` to zmqdiag. */
export type PreloadEvent =
  | { t: "rejection"; message: string; stack?: string; context?: string }
  | { t: "finding"; kind: string; message: string; detail?: unknown }
  | { t: "note"; text: string }
  /** The preload ran: the program is a JS program and answers state requests (pid, runtime, rejections mode). */
  | { t: "hello"; pid: number; runtime: string; rejections: "keep" | "count" }
  /** The answer to a state request: each provider's result under its name. */
  | { t: "state"; state: Record<string, unknown> };

/** How many rejections a run's report keeps in detail (the rest are counted): the preload looks for the origin of no more. */
export const rejectionsKept = 20;

/** The marker in front of every channel line on stderr. */
export const preloadMarker = "\u001ezmqdiag-preload ";

interface ChannelState {
  active: boolean;
  providers: Map<string, () => unknown>;
}

// On globalThis, so that two copies of this module (sources and dist/) still share one channel.
const key = Symbol.for("zmqdiag.preload.channel");
const g = globalThis as unknown as Record<symbol, ChannelState | undefined>;
const state: ChannelState = (g[key] ??= { active: false, providers: new Map() });

/** Turns the channel on; only the preload entry calls this, so emit() is a no-op anywhere else. */
export function activateChannel(): void {
  state.active = true;
}

/** True when the program runs under zmqdiag's preload. */
export function channelActive(): boolean {
  return state.active;
}

/** Sends one event to zmqdiag synchronously; never throws; a no-op when not run under zmqdiag. */
export function emit(event: PreloadEvent): void {
  if (!state.active) return;
  let line: string;
  try {
    line = markedLine(preloadMarker, event);
  } catch {
    line = markedLine(preloadMarker, { t: "note", text: `unserializable ${event.t} event` });
  }
  const bytes = new TextEncoder().encode(line);
  // A non-blocking stderr pipe can answer EAGAIN while zmqdiag catches up: retry a bounded number of times.
  for (let offset = 0, tries = 0; offset < bytes.length && tries < 1000; tries++) {
    try {
      offset += fs.writeSync(2, bytes.subarray(offset));
    } catch (e) {
      if ((e as { code?: string }).code !== "EAGAIN") return;
    }
  }
}

/** Registers a provider whose result is included, under `name`, when zmqdiag asks the program
 *  for its state before killing a hung run (details.hang.state[name]). */
export function addStateProvider(name: string, provide: () => unknown): void {
  state.providers.set(name, provide);
}

/** Every provider's answer (an error message in place of a provider that throws). */
export function collectState(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, provide] of state.providers) {
    try {
      out[name] = provide();
    } catch (e) {
      out[name] = { error: e instanceof Error ? e.message : String(e) };
    }
  }
  return out;
}

/** Parses one line of a program's stderr: the event, or undefined for the program's own output. */
export function parsePreloadLine(line: string): PreloadEvent | undefined {
  return parseMarkedLine<PreloadEvent>(line, preloadMarker);
}
