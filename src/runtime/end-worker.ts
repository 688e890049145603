/**
 * Lets the current worker thread end by itself once its work is done: Node and Bun end it when
 * its port to the parent is closed; Deno's port has no close(), and the worker's own global
 * close() ends it there (messages already posted are still delivered).
 */
import type { MessagePort } from "node:worker_threads";

/** Closes `port` (the worker's parentPort), or the worker itself where ports cannot be closed. */
export function endWorker(port: MessagePort): void {
  if (typeof (port as Partial<MessagePort>).close === "function") return port.close();
  (globalThis as { close?: () => void }).close?.();
}
