/**
 * Runs zmqdiag's CLI on a real pseudo-terminal of a given width, through util-linux `script`,
 * for what only a terminal shows: colors, the live progress line, the table's width.
 */
import { spawn, spawnSync } from "node:child_process";
import { scriptCommand } from "../../src/runtime/runtime-command.ts";
import { runtimeName } from "../../src/runtime/runtime-name.ts";

/** Why terminal tests are skipped here, or false when `script` is available. */
export const skipWithoutScript: string | false = spawnSync("script", ["--version"]).status === 0
  ? false
  : "needs util-linux `script` for a pseudo-terminal";

/** What the terminal showed (stdout and stderr together, with \r\n line ends) and the exit code. */
export interface TerminalRun {
  code: number | null;
  output: string;
}

const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/** Runs the CLI with `args` on a `columns`-wide terminal; `env` is added to the environment. */
export function runOnTerminal(
  args: string[],
  opts: { columns?: number; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<TerminalRun> {
  const cmd = scriptCommand(runtimeName(), "commands/main.ts", args)!;
  const line = `stty cols ${opts.columns ?? 80} rows 24; exec ${cmd.map(quote).join(" ")}`;
  const env = { ...process.env, NO_COLOR: "", FORCE_COLOR: "", COLUMNS: "", TERM: "xterm", ...opts.env };
  const child = spawn("script", ["-q", "-e", "-c", line, "/dev/null"], { stdio: ["ignore", "pipe", "pipe"], env });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (output += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 30_000);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    })
  );
}

/** The lines the terminal shows at the end: each \r-redrawn line reduced to what was drawn last. */
export function screenLines(output: string): string[] {
  return output.split("\r\n").map((l) => l.split("\r").at(-1)!);
}
