// scripts/long-functions.mjs on tiny trees written for the test: a function one line over the
// limit fails (exit 1) and is named, wherever it nests; one exactly at the limit passes (so the
// check cannot pass vacuously). The script runs as `npm run lint` does: under Node.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runLintScript, type ScriptRun } from "../helpers/lint-script.ts";

/** A function of exactly `lines` lines (its first and last included) named `name`. */
function fn(name: string, lines: number): string {
  return `export function ${name}(): number {\n${"  void 0;\n".repeat(lines - 3)}  return 1;\n}\n`;
}

/** Runs the script on a tree of `files` (path -> text), with `limit`. */
function check(files: Record<string, string>, limit = 80): ScriptRun {
  return runLintScript("long-functions.mjs", files, [String(limit)]);
}

describe("long-functions script", () => {
  it("long-functions - functions at the limit pass (exit 0, nothing listed)", () => {
    const r = check({ "a.ts": fn("atLimit", 80), "sub/b.ts": fn("small", 5) });
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, "", ""]);
  });

  it("long-functions - one line over fails (exit 1), each named with its length, file and line, longest first", () => {
    const method = `export class K {\n  m(): void {\n${"    void 0;\n".repeat(80)}  }\n}\n`;
    const r = check({ "a.ts": fn("atLimit", 80), "sub/b.ts": `// header\n${fn("overByOne", 81)}`, "c.ts": method });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "82\t<dir>/c.ts:2\tm\n81\t<dir>/sub/b.ts:2\toverByOne\n");
    assert.equal(r.stderr, "long-functions: 2 functions over 80 lines in <dir>\n");
  });

  it("long-functions - arrows count, a nested one on its own as well as within the one around it", () => {
    const arrow = `export const outer = () => {\n  const inner = () => {\n${
      "    void 0;\n".repeat(11)
    }  };\n  return inner;\n};\n`;
    const r = check({ "a.ts": arrow }, 12);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "16\t<dir>/a.ts:1\t(anonymous)\n13\t<dir>/a.ts:2\t(anonymous)\n");
  });
});
