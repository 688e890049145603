/** Writes a JSON report file atomically: a temporary file beside it, then a rename. */
import fs from "node:fs";
import path from "node:path";

function tempBeside(file: string): string {
  const dir = path.dirname(path.resolve(file));
  return path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
}

/** Writes `data` as pretty JSON to `file`, replacing it whole or not at all. */
export async function writeReportFile(file: string, data: unknown): Promise<void> {
  const tmp = tempBeside(file);
  await fs.promises.writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`);
  try {
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}

/** Same, synchronously: for the last moments of a process (a second SIGINT). */
export function writeReportFileSync(file: string, data: unknown): void {
  const tmp = tempBeside(file);
  fs.writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
