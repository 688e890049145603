/**
 * The messages a repro child sends its parent: JSON lines on stdout, each behind a marker so
 * that whatever the scenario itself prints is kept apart. Written synchronously, so the channel
 * never keeps the child alive and nothing is lost when the child dies.
 */
import fs from "node:fs";
import { markedLine, parseMarkedLine } from "../preload/marked-line.ts";
import type { RegistrySnapshot } from "../engine/registry.ts";

/** The phases of a run, in order; `exit` is the wait for the process to end by itself. */
export type Phase = "setup" | "run" | "shutdown" | "exit";

/** All phases in order. */
export const phases: readonly Phase[] = ["setup", "run", "shutdown", "exit"];

/** What the child knows of its state: the registry and the sequence accounting. */
export interface ChildState {
  registry: RegistrySnapshot;
  sent: number;
  processed: number;
  lost: number;
  lostRanges: string[];
}

/** One message from the child. */
export type ChildMessage =
  | { t: "phase"; phase: Phase }
  | { t: "state"; state: ChildState }
  | { t: "rejection"; message?: string }
  | { t: "error"; phase: Phase | "load"; message: string }
  | { t: "note"; text: string }
  | { t: "skip"; reason: string }
  /** The event loop emptied before the phase ended: whatever it waits on can never settle. */
  | { t: "drained"; phase: Phase }
  | { t: "describe"; scenario: unknown };

/** The marker in front of every protocol line. */
export const marker = "\u001ezmqdiag-repro ";

/** Writes one message to stdout, synchronously. */
export function sendToParent(message: ChildMessage): void {
  fs.writeSync(1, markedLine(marker, message));
}

/** Parses a line of the child's stdout: the message, or undefined for the scenario's own output. */
export function parseChildLine(line: string): ChildMessage | undefined {
  return parseMarkedLine<ChildMessage>(line, marker);
}
