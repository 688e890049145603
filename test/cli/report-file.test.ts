import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { checkOutputFile, tempNameFor, writeReportFile } from "../../src/cli/report-file.ts";
import { runCli } from "../helpers/cli.ts";
import { freeEndpoint } from "../helpers/ports.ts";
import { UsageError } from "../../src/cli/usage-error.ts";
import { eventually } from "../helpers/eventually.ts";

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
    await assert.rejects(
      writeReportFile(file, { a: 1 }),
      (e: Error) => e.message === `cannot write ${file}: ENOENT` && (e as { code?: string }).code === "ENOENT",
    );
    await writeReportFile(path.join(tmp, "ok.json"), { a: 1 });
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(tmp, "ok.json"), "utf8")), { a: 1 });
    assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.endsWith(".tmp")), []);
  });
});

describe("report file leftovers", () => {
  it("report file leftovers - a temporary left by a writer killed with -9 is removed by the next run; others' files stay", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, "killed-"));
    const file = path.join(dir, "r.json");
    // A writer that has created its temporary and is then killed -9 mid-write: `exec` keeps the shell's pid, which names the file.
    const writer = spawn("sh", [
      "-c",
      'printf "{\\"partial" > "$0.zmqdiag-$$.tmp"; exec sleep 60',
      path.join(dir, ".r.json"),
    ], { stdio: "ignore" });
    const stale = tempNameFor(file, writer.pid!);
    await eventually(() => fs.existsSync(stale), 5000, "the writer to create its temporary", 25);
    const gone = new Promise((r) => writer.on("close", r));
    writer.kill("SIGKILL");
    await gone;
    const ours = tempNameFor(file); // a live writer's (this process): never touched
    fs.writeFileSync(ours, "in progress");
    const unrelated = path.join(dir, ".r.json.other.tmp");
    fs.writeFileSync(unrelated, "");
    fs.writeFileSync(ours.replace(`${process.pid}`, "notapid"), "");
    const endpoint = await freeEndpoint();
    const r = await runCli([
      "pub",
      endpoint,
      "--bind",
      "--count",
      "1",
      "--warmup",
      "0",
      "--linger",
      "0",
      "--engine",
      "zmtp",
      "--report",
      file,
      "--json",
    ], { timeoutMs: 20_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(fs.readFileSync(file, "utf8")).type, "summary");
    assert.deepEqual(
      fs.readdirSync(dir).sort(),
      [path.basename(unrelated), path.basename(ours), `.r.json.zmqdiag-notapid.tmp`, "r.json"].sort(),
    );
  });
});
