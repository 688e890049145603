/**
 * Sees each native addon a program loads, with what it exports, before the code that required
 * it goes on. Node and Deno load addons through the CommonJS `.node` loader (whether the program
 * imports its package as ESM or requires it); Bun loads them natively and only calls
 * `process.dlopen`. Used by the preload, inside the user's program: it must never throw there.
 */
import Module from "node:module";
import { runtimeName } from "./runtime-name.ts";

/** Called with the addon's file and its exports. */
export type AddonListener = (filename: string, exports: unknown) => void;

/** Calls `listener` after each addon loaded from now on; false when this runtime has no loader to hook. */
export function onAddonLoad(listener: AddonListener): boolean {
  const safe = (filename: string, exports: unknown) => {
    try {
      listener(filename, exports);
    } catch {
      // the program's load goes on
    }
  };
  if (runtimeName() === "bun") {
    const p = process as unknown as { dlopen?: (m: { exports: unknown }, f: string, ...r: unknown[]) => unknown };
    const original = p.dlopen;
    if (typeof original !== "function") return false;
    p.dlopen = function dlopen(this: unknown, m: { exports: unknown }, filename: string, ...rest: unknown[]) {
      const result = original.call(this, m, filename, ...rest);
      safe(filename, m?.exports);
      return result;
    };
    return true;
  }
  const extensions =
    (Module as unknown as { _extensions?: Record<string, (m: { exports: unknown }, f: string) => unknown> })
      ._extensions;
  const original = extensions?.[".node"];
  if (!extensions || typeof original !== "function") return false;
  extensions[".node"] = function (this: unknown, m: { exports: unknown }, filename: string) {
    const result = original.apply(this, arguments as unknown as [{ exports: unknown }, string]);
    safe(filename, m?.exports);
    return result;
  };
  return true;
}
