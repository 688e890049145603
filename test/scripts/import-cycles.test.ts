// scripts/import-cycles.mjs on tiny trees written for the test: it names a cycle made of a type
// import and a re-export and exits 1, and passes a tree with the same files minus the back edge
// (so the check cannot pass vacuously). The script runs as `npm run lint` does: under Node.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runLintScript, type ScriptRun } from "../helpers/lint-script.ts";

/** Runs the script on a tree of `files` (path -> text). */
function check(files: Record<string, string>): ScriptRun {
  return runLintScript("import-cycles.mjs", files);
}

const acyclic = {
  "a.ts": 'import { b } from "./b.ts";\nexport const a = b + 1;\n',
  "b.ts": 'import type { C } from "./sub/c.ts";\nexport const b = 1;\nexport type B = C;\n',
  // A comment that mentions an import is not one.
  "sub/c.ts": '// import { a } from "../a.ts";\nexport interface C {\n  x: number;\n}\n',
};

describe("import-cycles script", () => {
  it("import-cycles - a tree without a cycle passes (exit 0) and says how many files it read", () => {
    const r = check(acyclic);
    assert.equal(r.stderr, "");
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^import-cycles: 3 files under .*, no cycle\n$/);
  });

  it("import-cycles - a cycle closed by a type-only import fails (exit 1) and is named file by file", () => {
    const r = check({
      ...acyclic,
      "sub/c.ts": 'import type { B } from "../b.ts";\nexport interface C {\n  x: B;\n}\n',
    });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    const dir = /import cycle: (.*)b\.ts -> /.exec(r.stderr)?.[1] ?? "";
    assert.equal(r.stderr, `import cycle: ${dir}b.ts -> ${dir}sub/c.ts -> ${dir}b.ts\n`);
  });

  it("import-cycles - a re-export and a multi-line import count as imports too", () => {
    const r = check({
      "a.ts": 'export { b } from "./b.ts";\nexport const a = 1;\n',
      "b.ts": 'import {\n  a,\n} from "./a.ts";\nexport const b = a;\n',
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^import cycle: \S*a\.ts -> \S*b\.ts -> \S*a\.ts\n$/);
  });
});
