/** The command-line arguments after the program name. */
export function getArgs(): string[] {
  const g = globalThis as { Deno?: { args: string[] } };
  if (g.Deno) return [...g.Deno.args];
  return process.argv.slice(2);
}
