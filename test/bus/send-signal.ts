/** Signals a CLI child process by pid. */
import type { RunningCli } from "../helpers/cli.ts";

/**
 * Sends `signal` with process.kill(pid) rather than child.kill(): under Deno, a child that was
 * child.kill()ed is reported as "killed by the signal" (code null) even when it handled the
 * signal and exited with its own code; process.kill leaves the real exit code visible.
 */
export function sendSignal(cli: RunningCli, signal: "SIGINT" | "SIGTERM"): void {
  process.kill(cli.child.pid!, signal);
}
