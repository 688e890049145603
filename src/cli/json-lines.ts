/** JSON Lines on stdout: one object per line, for scripts. */
export function emitJson(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}
