import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { checkOutputFile, writeReportFile } from "../../src/cli/report-file.ts";
import { UsageError } from "../../src/cli/usage-error.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zmqdiag-report-file-"));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("report file", () => {
  it("report file - a file in an existing folder can be written, new or not", () => {
    const file = path.join(tmp, "r.json");
    checkOutputFile(file);
    fs.writeFileSync(file, "{}");
    checkOutputFile(file);
  });

  it("report file - a missing folder, a folder as the file, a file as the folder are usage errors", () => {
    const plainFile = path.join(tmp, "plain");
    fs.writeFileSync(plainFile, "");
    const cases: Array<[string, RegExp]> = [
      [path.join(tmp, "missing", "r.json"), /cannot write .*: ENOENT \(folder .*missing does not exist\)/],
      [tmp, /: EISDIR \(.* is a folder\)/],
      [path.join(plainFile, "r.json"), /: ENOTDIR \(.*plain is not a folder\)/],
    ];
    for (const [file, want] of cases) {
      assert.throws(() => checkOutputFile(file), (e: unknown) => e instanceof UsageError && want.test(e.message), file);
    }
  });

  it("report file - a write that fails at the end names the file, not its temporary twin", async () => {
    const dir = path.join(tmp, "gone");
    fs.mkdirSync(dir);
    const file = path.join(dir, "r.json");
    checkOutputFile(file);
    fs.rmSync(dir, { recursive: true });
    await assert.rejects(writeReportFile(file, { a: 1 }), (e: Error) => e.message === `cannot write ${file}: ENOENT` && (e as { code?: string }).code === "ENOENT");
    await writeReportFile(path.join(tmp, "ok.json"), { a: 1 });
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(tmp, "ok.json"), "utf8")), { a: 1 });
    assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.endsWith(".tmp")), []);
  });
});
