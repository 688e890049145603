/**
 * Writes report files atomically (a temporary file beside it, then a rename), and checks their
 * place first. The temporary is named so that it is plainly zmqdiag's and whose:
 * `.<name>.zmqdiag-<pid>.tmp`. One left by a process killed mid-write (kill -9) is removed by the
 * next write of the same report, once its process is gone.
 */
import fs from "node:fs";
import path from "node:path";
import { UsageError } from "./usage-error.ts";

/** The temporary file a write of `file` by process `pid` uses. */
export function tempNameFor(file: string, pid: number = process.pid): string {
  return path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.zmqdiag-${pid}.tmp`);
}

function tempBeside(file: string): string {
  removeStaleTemps(file);
  return tempNameFor(file);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as { code?: string }).code === "EPERM";
  }
}

/** Removes the temporaries of `file` whose writer is gone; anyone else's files are left alone. */
export function removeStaleTemps(file: string): void {
  const dir = path.dirname(path.resolve(file));
  const prefix = `.${path.basename(file)}.zmqdiag-`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return; // the write itself will say what is wrong with the folder
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const pid = Number(name.slice(prefix.length, -".tmp".length));
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** The failure to write `file`, named by `file` (not by its temporary twin), with the system's code. */
function writeError(file: string, e: unknown): Error {
  const code = (e as { code?: unknown } | null)?.code;
  return Object.assign(
    new Error(`cannot write ${file}: ${typeof code === "string" ? code : e instanceof Error ? e.message : String(e)}`),
    { code },
  );
}

/** Writes `text` to `file`, replacing it whole or not at all. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const tmp = tempBeside(file);
  try {
    await fs.promises.writeFile(tmp, text);
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true }).catch(() => {});
    throw writeError(file, e);
  }
}

/** Writes `data` as pretty JSON to `file`, replacing it whole or not at all. */
export async function writeReportFile(file: string, data: unknown): Promise<void> {
  await writeFileAtomically(file, `${JSON.stringify(data, null, 2)}\n`);
}

/** Same, synchronously: for the last moments of a process (a second SIGINT). */
export function writeReportFileSync(file: string, data: unknown): void {
  const tmp = tempBeside(file);
  try {
    fs.writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw writeError(file, e);
  }
}

/**
 * Checks, before any work, that `file` can be written: its folder exists and is writable and
 * it is not itself a folder. A run must not end by losing its report. Throws a UsageError.
 */
export function checkOutputFile(file: string): void {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  const problem = (code: string, why: string) => new UsageError(`cannot write ${file}: ${code} (${why})`);
  let isDir: boolean;
  try {
    isDir = fs.statSync(dir).isDirectory();
  } catch {
    throw problem("ENOENT", `folder ${dir} does not exist`);
  }
  if (!isDir) throw problem("ENOTDIR", `${dir} is not a folder`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw problem("EACCES", `folder ${dir} is not writable`);
  }
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) throw problem("EISDIR", `${file} is a folder`);
}
