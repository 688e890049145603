#!/usr/bin/env node
// Lists the functions in src/ (declarations, methods, arrows, function expressions) longer than
// N lines (default 80), longest first: the house keeps functions short enough to read at once.
// Usage: node scripts/long-functions.mjs [N]
import ts from "typescript";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

process.chdir(path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."));
const limit = Number(process.argv[2] ?? 80);
const files = [];
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (p.endsWith(".ts")) files.push(p);
  }
};
walk("src");
const out = [];
for (const f of files) {
  const sf = ts.createSourceFile(f, fs.readFileSync(f, "utf8"), ts.ScriptTarget.ES2022, true);
  const visit = (n) => {
    if (
      ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) ||
      ts.isConstructorDeclaration(n) || ts.isGetAccessor(n)
    ) {
      const a = sf.getLineAndCharacterOfPosition(n.getStart()).line,
        b = sf.getLineAndCharacterOfPosition(n.getEnd()).line;
      if (b - a + 1 > limit) out.push([b - a + 1, `${f}:${a + 1}`, n.name?.getText?.() ?? "(anonymous)"]);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
out.sort((x, y) => y[0] - x[0]);
for (const [n, where, name] of out) console.log(`${n}\t${where}\t${name}`);
