import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { runCli } from "../helpers/cli.ts";
import { projectRoot } from "../../src/runtime/project-paths.ts";
import { version } from "../../src/version.ts";

describe("cli entry", () => {
  it("cli entry - --help lists every subcommand and exits 0", async () => {
    const r = await runCli(["--help"]);
    assert.equal(r.code, 0, r.stderr);
    for (const c of ["repro", "pub", "sub", "bus", "doctor"]) assert.match(r.stdout, new RegExp(`^\\s+${c}\\b`, "m"));
  });
  it("cli entry - an unknown option is one line on stderr and exit 2", async () => {
    const r = await runCli(["--bogus"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option '--bogus'/);
    assert.doesNotMatch(r.stderr, /\bat .*\(.*:\d+:\d+\)/);
  });
  it("cli entry - --version prints package.json's version", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { version: string };
    assert.equal(version, pkg.version);
    const r = await runCli(["--version"]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), pkg.version);
  });
});
