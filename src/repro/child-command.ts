/**
 * The command line of a repro child: the chosen runtime running src/repro/child-main.ts. A child
 * that loads a user's module gets what it needs to load it: tsx for TypeScript on Node, and the
 * import map by which Deno resolves `zmqdiag` to this install (see runtime/self-import.ts).
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot } from "../runtime/project-paths.ts";
import { scriptCommand } from "../runtime/runtime-command.ts";
import { selfImportFlags } from "../runtime/self-import.ts";
import type { RuntimeName } from "../runtime/runtime-name.ts";

/** True for a module Node can only load through a TypeScript loader. */
export function needsTypeScriptLoader(file: string | undefined): boolean {
  return file !== undefined && /\.(ts|mts|cts|tsx)$/.test(file);
}

/** file:// URL of tsx's loader, resolved from zmqdiag's own dependencies (never from the user's cwd). */
function tsxLoaderUrl(): string {
  try {
    return pathToFileURL(createRequire(path.join(projectRoot, "package.json")).resolve("tsx")).href;
  } catch {
    throw new Error(
      "loading a .ts scenario on Node needs the tsx package installed beside zmqdiag; use a .js file or install tsx",
    );
  }
}

/** The child's command, or undefined when `runtime` is not installed. */
export function childCommand(runtime: RuntimeName, args: string[], file?: string): [string, ...string[]] | undefined {
  if (file === undefined) return scriptCommand(runtime, "src/repro/child-main.ts", args);
  const tsx = runtime === "node" && needsTypeScriptLoader(file) ? ["--import", tsxLoaderUrl()] : [];
  return scriptCommand(runtime, "src/repro/child-main.ts", args, [...tsx, ...selfImportFlags(runtime)]);
}
