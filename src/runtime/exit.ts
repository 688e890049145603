/** Ends the process with `code` once stdout and stderr have been flushed. */
export async function exit(code: number): Promise<never> {
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0) return resolve();
    stream.write("", () => resolve());
  });
}

/** Sets the exit code for a natural exit (without ending the process now). */
export function setExitCode(code: number): void {
  process.exitCode = code;
}
