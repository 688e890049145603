#!/usr/bin/env node
// Checks that no function in src/ or commands/ (declarations, methods, arrows, function
// expressions, constructors, getters) is longer than N lines (default 80): the house keeps
// functions short enough to read at once. Lists each one over, longest first, and exits 1 if
// any is. Run by `npm run lint`.
// Usage: node scripts/long-functions.mjs [N] [folder...]   (folders default to src and commands)
import ts from "typescript";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const limit = /^\d+$/.test(args[0] ?? "") ? Number(args.shift()) : 80;
const folders = (args.length ? args : ["src", "commands"]).map((d) => path.resolve(projectRoot, d));
const files = [];
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (p.endsWith(".ts")) files.push(p);
  }
};
for (const d of folders) walk(d);
files.sort();
const out = [];
for (const f of files) {
  const sf = ts.createSourceFile(f, fs.readFileSync(f, "utf8"), ts.ScriptTarget.ES2022, true);
  const shown = path.relative(projectRoot, f).split(path.sep).join("/");
  const visit = (n) => {
    if (
      ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) ||
      ts.isConstructorDeclaration(n) || ts.isGetAccessor(n) || ts.isSetAccessor(n)
    ) {
      const a = sf.getLineAndCharacterOfPosition(n.getStart()).line,
        b = sf.getLineAndCharacterOfPosition(n.getEnd()).line;
      if (b - a + 1 > limit) out.push([b - a + 1, shown, a + 1, n.name?.getText?.() ?? "(anonymous)"]);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
out.sort((x, y) => y[0] - x[0]);
const failing = out.length;
for (const [n, file, line, name] of out) console.log(`${n}\t${file}:${line}\t${name}`);
if (failing) {
  const where = args.length
    ? folders.map((d) => path.relative(projectRoot, d).split(path.sep).join("/")).join(", ")
    : "src/ or commands/";
  console.error(`long-functions: ${failing} function${failing === 1 ? "" : "s"} over ${limit} lines in ${where}`);
  process.exit(1);
}
