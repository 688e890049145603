/**
 * Where zmqdiag's own files are. Node runs the JavaScript that tsc wrote to dist/. In a clone,
 * Deno and Bun run the TypeScript sources; an installed package ships only dist/ (and Deno will
 * not strip types inside node_modules anyway), so there every runtime runs dist/. These helpers
 * map between the two so that a child process or a worker runs the same module whatever started it.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = fileURLToPath(import.meta.url);
/** True when this code runs from tsc's output in dist/. */
export const compiled: boolean = here.includes(`${path.sep}dist${path.sep}src${path.sep}`);
/** The project's top folder (where package.json is). */
export const projectRoot: string = path.resolve(path.dirname(here), compiled ? "../../.." : "../..");

/** True in a clone: the sources are there and outside node_modules, so Deno and Bun can run them. */
export const sourcesRunnable: boolean = fs.existsSync(path.join(projectRoot, "src")) &&
  !projectRoot.split(path.sep).includes("node_modules");

/**
 * URL of a sibling module, given as a `.ts` path relative to `base` (pass import.meta.url).
 * From dist/ it names the compiled `.js` file. Use it for `new Worker(...)` and child scripts.
 */
export function moduleUrl(relativeTs: string, base: string): URL {
  const url = new URL(relativeTs, base);
  if (base.endsWith(".js")) url.pathname = url.pathname.replace(/\.ts$/, ".js");
  return url;
}

/**
 * Path of a project module (given relative to the project root as a `.ts` source path, e.g.
 * "src/repro/child-main.ts") as the runtime `runtime` must load it: dist/....js for Node, and
 * for every runtime in an installed package.
 */
export function modulePathFor(runtime: "node" | "deno" | "bun", sourceTs: string): string {
  if (runtime === "node" || !sourcesRunnable) return path.join(projectRoot, "dist", sourceTs.replace(/\.ts$/, ".js"));
  return path.join(projectRoot, sourceTs);
}
