/** Finding live processes by their command line (Linux /proc). */
import fs from "node:fs";

/** Why process checks are skipped here, or false when /proc can be read. */
export const skipWithoutProc: string | false = fs.existsSync("/proc/self/cmdline")
  ? false
  : "needs Linux /proc to find the children";

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
