#!/usr/bin/env node
// npm run bench: builds, then runs every bench/*.bench.ts in turn (under Node with tsx; each
// benchmark starts Deno and Bun itself where it measures them) and prints their figures.
// Usage: node scripts/bench.mjs [name-filter]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const filter = process.argv[2] ?? "";
spawnSync(path.join(root, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json"], { cwd: root, stdio: "inherit" });
const benches = fs.readdirSync(path.join(root, "bench")).filter((f) => f.endsWith(".bench.ts") && f.includes(filter))
  .sort();
let failed = 0;
for (const b of benches) {
  process.stdout.write(`\n== bench/${b}\n`);
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join("bench", b)], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
