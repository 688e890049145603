import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "../helpers/cli.ts";

// deno-lint-ignore no-control-regex -- ANSI color codes start with ESC
const ansi = /\x1b\[[0-9;]*m/;

describe("cli colors", () => {
  it("cli colors - piped output is plain by default", async () => {
    const r = await runCli(["repro", "--list"], { env: { NO_COLOR: "" } });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, ansi);
  });
  it("cli colors - FORCE_COLOR turns colors on when piped", async () => {
    const r = await runCli(["repro", "--list"], { env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, ansi);
  });
  it("cli colors - NO_COLOR and --no-color win over FORCE_COLOR", async () => {
    const a = await runCli(["repro", "--list"], { env: { NO_COLOR: "1", FORCE_COLOR: "1" } });
    assert.doesNotMatch(a.stdout, ansi);
    const b = await runCli(["--no-color", "repro", "--list"], { env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    assert.doesNotMatch(b.stdout, ansi);
    const c = await runCli(["repro", "--list", "--no-color"], { env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    assert.doesNotMatch(c.stdout, ansi);
  });
});
