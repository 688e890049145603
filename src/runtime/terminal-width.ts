/**
 * The width of the terminal `stream` writes to, in columns, or undefined when it is not a
 * terminal (a pipe or a file get the same layout whatever the environment says). On a terminal,
 * COLUMNS set to a number wins over the size the runtime reports.
 */
import { isTerminal } from "./is-terminal.ts";

/** Columns of the terminal behind `stream`, or undefined. */
export function terminalWidth(stream: "stdout" | "stderr"): number | undefined {
  if (!isTerminal(stream)) return undefined;
  const fromEnv = Number(process.env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  const g = globalThis as { Deno?: { consoleSize(): { columns: number } } };
  if (g.Deno) {
    try {
      return g.Deno.consoleSize().columns;
    } catch {
      return undefined;
    }
  }
  const columns = process[stream].columns;
  return columns > 0 ? columns : undefined;
}
