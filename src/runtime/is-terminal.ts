/** True when the stream is an interactive terminal. */
export function isTerminal(stream: "stdout" | "stderr"): boolean {
  const g = globalThis as { Deno?: { stdout: { isTerminal(): boolean }; stderr: { isTerminal(): boolean } } };
  if (g.Deno) return stream === "stdout" ? g.Deno.stdout.isTerminal() : g.Deno.stderr.isTerminal();
  return Boolean(process[stream].isTTY);
}

/**
 * True when the stream is a terminal that understands escape sequences (colors, a line redrawn
 * in place): a terminal whose TERM is not "dumb" (Emacs' shell, some CI consoles).
 */
export function isRichTerminal(stream: "stdout" | "stderr"): boolean {
  return isTerminal(stream) && process.env.TERM !== "dumb";
}
