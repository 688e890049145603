/**
 * Lets a child process end when its parent dies: a parent killed with SIGKILL cannot kill its
 * children, and a repro child may be hung on purpose. The child notices that its parent pid has
 * changed (it was re-parented to init or a subreaper) and kills itself at once, without running
 * exit handlers that might wait or write to the dead parent's pipe. process.ppid is read afresh
 * on Node, Deno and Bun; the timer is unref'd, so the watch never keeps the child alive.
 */
import { clearInterval, setInterval } from "node:timers";

/** How often the parent pid is checked: the longest a child outlives its parent. */
export const parentWatchIntervalMs = 200;

/** Starts watching; returns a function that stops. */
export function endWithParent(intervalMs = parentWatchIntervalMs): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    try {
      process.kill(process.pid, "SIGKILL");
    } catch {
      process.exit(1);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
