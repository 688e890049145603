/**
 * Which zeromq.js copy an addon file belongs to: the program may load its own from any
 * `node_modules`, so the package is found from the file, not assumed.
 */
import fs from "node:fs";
import path from "node:path";

/** The zeromq package a file belongs to, with its version, or undefined. */
export function zeromqPackageOf(file: string): { root: string; version: string } | undefined {
  let dir = path.dirname(file);
  for (let i = 0; i < 12; i++) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      try {
        const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string; version?: string };
        if (pkg.name === "zeromq") return { root: dir, version: String(pkg.version ?? "unknown") };
        if (pkg.name) return undefined;
      } catch {
        return undefined;
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}
