#!/usr/bin/env node
// Fails (exit 1) when the modules under a folder (default src/) import each other in a cycle,
// type-only imports included: a cycle means two files are one idea split in two, or a shared
// type lives next to a class instead of in a leaf module. Prints each cycle found as
// "a.ts -> b.ts -> a.ts". Plain Node, so that it runs before anything is installed or built.
// Usage: node scripts/import-cycles.mjs [folder]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const root = path.resolve(projectRoot, process.argv[2] ?? "src");

// `import ... from "x"`, `import type ...`, `export ... from "x"`: between the keyword and `from`
// only names, braces, commas, `*` and whitespace, so a `from` inside code never matches.
const fromClause = /^[ \t]*(?:import|export)\s[\w$*{},\s]*?\bfrom\s*["']([^"']+)["']/gm;
// `import "x"` for its side effects.
const bare = /^[ \t]*import\s*["']([^"']+)["']/gm;
// `await import("x")` and `typeof import("x")`.
const dynamic = /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;

/** The .ts files under `dir`, sorted so that the report is the same on every machine. */
function tsFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out.sort();
}

/** The file a relative specifier names (".js" written for ".ts" too), or undefined when it is not one of ours. */
function resolve(from, spec) {
  if (!spec.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, ".ts"), `${base}.ts`, path.join(base, "index.ts")];
  return candidates.find((c) => c.endsWith(".ts") && fs.existsSync(c) && fs.statSync(c).isFile());
}

/** What each file imports, as a map from file to the files it names. */
function importGraph(files) {
  const graph = new Map();
  for (const file of files) {
    // Line comments cannot hide a `from` clause (they are anchored at line starts) but could a dynamic import.
    const text = fs.readFileSync(file, "utf8").replace(/^\s*\/\/.*$/gm, "");
    const specs = [...text.matchAll(fromClause), ...text.matchAll(bare), ...text.matchAll(dynamic)].map((m) => m[1]);
    const targets = new Set(specs.map((s) => resolve(file, s)).filter((t) => t !== undefined));
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** One cycle for every import that leads back to a file still being walked (depth first, no recursion). */
function findCycles(graph) {
  const state = new Map(); // file -> "open" while on the stack, "done" after
  const cycles = [];
  for (const start of graph.keys()) {
    if (state.has(start)) continue;
    const stack = [{ file: start, next: 0 }];
    state.set(start, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const targets = graph.get(top.file) ?? [];
      if (top.next >= targets.length) {
        state.set(top.file, "done");
        stack.pop();
        continue;
      }
      const t = targets[top.next++];
      if (state.get(t) === "open") {
        const from = stack.findIndex((f) => f.file === t);
        cycles.push([...stack.slice(from).map((f) => f.file), t]);
      } else if (!state.has(t)) {
        state.set(t, "open");
        stack.push({ file: t, next: 0 });
      }
    }
  }
  return cycles;
}

if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
  console.error(`import-cycles: no folder ${root}`);
  process.exit(2);
}
const files = tsFiles(root);
const cycles = findCycles(importGraph(files));
for (const c of cycles) {
  console.error(`import cycle: ${c.map((f) => path.relative(projectRoot, f)).join(" -> ")}`);
}
if (cycles.length > 0) process.exit(1);
console.log(`import-cycles: ${files.length} files under ${path.relative(projectRoot, root) || "."}, no cycle`);
