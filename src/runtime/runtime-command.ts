/**
 * How to start a script under each runtime: this process's own executable for its runtime; Deno
 * and Bun from the nearest node_modules/.bin (the project's devDependencies in a clone, or a
 * user's `npm install deno bun` beside an installed zmqdiag or in the current folder), else from
 * PATH; Node from PATH.
 */
import fs from "node:fs";
import path from "node:path";
import { modulePathFor, projectRoot } from "./project-paths.ts";
import { type RuntimeName, runtimeName } from "./runtime-name.ts";

/** The executable of a runtime, or undefined when it is not installed. */
export function runtimeExecutable(runtime: RuntimeName): string | undefined {
  if (runtime === runtimeName()) return process.execPath;
  if (runtime === "node") return findOnPath("node");
  return findInNodeModules(runtime, projectRoot) ?? findInNodeModules(runtime, process.cwd()) ?? findOnPath(runtime);
}

/** What to do about runtimes that are not installed: one line, for a user. */
export function howToInstall(missing: RuntimeName[]): string {
  const sites = { node: "https://nodejs.org", deno: "https://deno.com", bun: "https://bun.sh" };
  const onPath = missing.length === 1 ? `put ${missing[0]} on PATH (${sites[missing[0]]})` : "put them on PATH";
  const fromNpm = missing.filter((r) => r !== "node");
  return fromNpm.length ? `npm install ${fromNpm.join(" ")} (in this folder or beside zmqdiag), or ${onPath}` : onPath;
}

/** The runtime's binary in node_modules/.bin of `from` or of a folder above it. */
function findInNodeModules(name: string, from: string): string | undefined {
  for (let dir = from;; dir = path.dirname(dir)) {
    const p = path.join(dir, "node_modules", ".bin", name);
    if (isExecutable(p)) return p;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * The file a command name runs: a path (with a slash) if it is executable, else the first
 * executable of that name on PATH; undefined when there is none.
 */
export function findExecutable(name: string): string | undefined {
  if (!name.includes("/")) return findOnPath(name);
  try {
    fs.accessSync(name, fs.constants.X_OK);
    return fs.statSync(name).isFile() ? name : undefined;
  } catch {
    return undefined;
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/**
 * The command line that runs a project module (a `.ts` path from the project root) under a
 * runtime, with the runtime's own `flags` before it and `args` after it. Undefined when that
 * runtime is not installed.
 */
export function scriptCommand(
  runtime: RuntimeName,
  sourceTs: string,
  args: string[] = [],
  flags: string[] = [],
): [string, ...string[]] | undefined {
  const exe = runtimeExecutable(runtime);
  if (!exe) return undefined;
  const file = modulePathFor(runtime, sourceTs);
  if (runtime === "deno") return [exe, "run", "-A", "--quiet", ...flags, file, ...args];
  return [exe, ...flags, file, ...args];
}
