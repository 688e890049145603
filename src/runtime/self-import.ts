/**
 * A user's scenario module imports `zmqdiag`, but it may lie in a folder with no zmqdiag of its
 * own (zmqdiag installed globally, or run from a clone). The child process that loads it resolves
 * `zmqdiag` to the install that is running, on each runtime its own way: Node through a
 * module.register resolve hook, Bun through a runtime plugin's virtual module (its plugins'
 * onResolve does not see a module's static imports), Deno through an import map on its command
 * line (it has no hook to install from inside).
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import { modulePathFor, moduleUrl } from "./project-paths.ts";
import { type RuntimeName, runtimeName } from "./runtime-name.ts";

/** The specifier a user's module imports zmqdiag by. */
export const selfName = "zmqdiag";

/** Flags `runtime` needs before the script on its command line so that `zmqdiag` resolves to this install. */
export function selfImportFlags(runtime: RuntimeName): string[] {
  if (runtime !== "deno") return [];
  const entry = pathToFileURL(modulePathFor("deno", "src/index.ts")).href;
  const map = JSON.stringify({ imports: { [selfName]: entry } });
  return ["--import-map", `data:application/json,${encodeURIComponent(map)}`];
}

interface BunPluginBuilder {
  module(specifier: string, load: () => { exports: Record<string, unknown>; loader: "object" }): void;
}

/**
 * From now on, `import ... from "zmqdiag"` in modules this process loads gets the copy of
 * zmqdiag this very module belongs to (Node and Bun; Deno gets selfImportFlags instead).
 */
export async function resolveSelfImports(): Promise<void> {
  const entry = moduleUrl("../index.ts", import.meta.url).href;
  const runtime = runtimeName();
  if (runtime === "bun") {
    const exports = (await import(entry)) as Record<string, unknown>;
    const bun =
      (globalThis as unknown as { Bun: { plugin(p: { name: string; setup(b: BunPluginBuilder): void }): void } }).Bun;
    bun.plugin({ name: "zmqdiag-self", setup: (b) => b.module(selfName, () => ({ exports, loader: "object" })) });
  } else if (runtime === "node") {
    const nodeModule = await import("node:module");
    // module.register came with Node 20.6; before it, a user's module needs a zmqdiag of its own.
    if (typeof nodeModule.register === "function") {
      nodeModule.register(moduleUrl("./self-import-hooks.ts", import.meta.url).href, {
        data: { name: selfName, url: entry },
      });
    }
    // tsx loads a .ts file outside a "type": "module" package as CommonJS, so its import becomes
    // a require(), which Node 20's module hooks do not see. Module._resolveFilename, undocumented
    // but stable for a decade, is where require() maps a name to a file.
    const cjs = nodeModule.default as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
    const resolveFilename = cjs._resolveFilename;
    const entryPath = fileURLToPath(entry);
    cjs._resolveFilename = function (request: string, ...rest: unknown[]): string {
      return request === selfName ? entryPath : resolveFilename.call(this, request, ...rest);
    };
  }
}
