/**
 * How to start a script under each runtime: the ones the project installs (Deno and Bun from
 * node_modules/.bin, Node from this process when it is Node, else from PATH).
 */
import fs from "node:fs";
import path from "node:path";
import { projectRoot, modulePathFor } from "./project-paths.ts";
import { runtimeName, type RuntimeName } from "./runtime-name.ts";

/** The executable of a runtime, or undefined when it is not installed. */
export function runtimeExecutable(runtime: RuntimeName): string | undefined {
  if (runtime === runtimeName()) return process.execPath;
  if (runtime === "node") return findOnPath("node");
  const local = path.join(projectRoot, "node_modules", ".bin", runtime);
  if (fs.existsSync(local)) return local;
  return findOnPath(runtime);
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
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The command line that runs a project module (a `.ts` path from the project root) under a
 * runtime, with `args` after it. Undefined when that runtime is not installed.
 */
export function scriptCommand(runtime: RuntimeName, sourceTs: string, args: string[] = []): [string, ...string[]] | undefined {
  const exe = runtimeExecutable(runtime);
  if (!exe) return undefined;
  const file = modulePathFor(runtime, sourceTs);
  if (runtime === "deno") return [exe, "run", "-A", "--quiet", file, ...args];
  return [exe, file, ...args];
}
