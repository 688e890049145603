/** True when the stream is an interactive terminal. */
export function isTerminal(stream: "stdout" | "stderr"): boolean {
  const g = globalThis as { Deno?: { stdout: { isTerminal(): boolean }; stderr: { isTerminal(): boolean } } };
  if (g.Deno) return stream === "stdout" ? g.Deno.stdout.isTerminal() : g.Deno.stderr.isTerminal();
  return Boolean(process[stream].isTTY);
}
