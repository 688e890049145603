/**
 * The width of the terminal `stream` writes to, in columns, or undefined when it is not a
 * terminal (a pipe, a file). COLUMNS, when set to a number, wins: it is how a user (or a test)
 * asks for a width.
 */
export function terminalWidth(stream: "stdout" | "stderr"): number | undefined {
  const fromEnv = Number(process.env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  const g = globalThis as { Deno?: { consoleSize(): { columns: number }; stdout: { isTerminal(): boolean }; stderr: { isTerminal(): boolean } } };
  if (g.Deno) {
    if (!g.Deno[stream].isTerminal()) return undefined;
    try {
      return g.Deno.consoleSize().columns;
    } catch {
      return undefined;
    }
  }
  const s = process[stream];
  return s.isTTY && s.columns > 0 ? s.columns : undefined;
}
