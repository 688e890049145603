/** Finding live processes by their command line (Linux /proc), and waiting for a condition. */
import fs from "node:fs";

/** Why process checks are skipped here, or false when /proc can be read. */
export const skipWithoutProc: string | false = fs.existsSync("/proc/self/cmdline") ? false : "needs Linux /proc to find the children";

/** Pids of live processes whose command line holds every one of `parts` (Linux /proc). */
export function processesWith(parts: string[]): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let args: string[];
    try {
      args = fs.readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
    } catch {
      continue; // gone meanwhile
    }
    if (parts.every((p) => args.includes(p))) pids.push(Number(name));
  }
  return pids;
}

/** Polls `check` every 50 ms until it is true or `ms` have passed; returns its last answer. */
export async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (check()) return true;
  return check();
}
