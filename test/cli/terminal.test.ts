import { describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { runCli } from "../helpers/cli.ts";
import { runOnTerminal, screenLines, skipWithoutScript } from "../helpers/terminal.ts";

// deno-lint-ignore no-control-regex -- ANSI color codes start with ESC
const ansi = /\x1b\[[0-9;]*m/;

describe("cli terminal", { skip: skipWithoutScript }, () => {
  it("cli terminal - a terminal gets colors, but not with TERM=dumb", async () => {
    const rich = await runOnTerminal(["repro", "--list"], { env: { TERM: "xterm" } });
    assert.equal(rich.code, 0, rich.output);
    assert.match(rich.output, ansi);
    const dumb = await runOnTerminal(["repro", "--list"], { env: { TERM: "dumb" } });
    assert.equal(dumb.code, 0, dumb.output);
    assert.doesNotMatch(dumb.output, ansi);
    assert.match(dumb.output, /recv-string-cancel/);
  });
  it("cli terminal - on a 50-column terminal the repro table gives a line per run, none wider than 50", async () => {
    const r = await runOnTerminal([
      "repro",
      "--file",
      path.join("fixtures", "repro", "clean-and-leaky.ts"),
      "--seed",
      "9",
    ], { columns: 50, env: { TERM: "dumb" } });
    assert.equal(r.code, 0, r.output);
    const lines = screenLines(r.output);
    for (const l of lines) assert.ok(l.length <= 50, `${l.length}: ${l}`);
    assert.ok(lines.some((l) => /^ {2}buggy\/orphans {2}pass {2}[\d.]+s$/.test(l)), r.output);
    assert.ok(lines.includes("    unhandled 3, lost 4"), r.output);
    assert.ok(lines.includes("2 runs: 2 passed, 0 failed, 0 skipped · seed 9"), r.output);
  });
  it("cli terminal - piped, the repro table keeps its 80-column layout whatever COLUMNS says", async () => {
    const r = await runCli(["repro", "--file", path.join("fixtures", "repro", "clean-and-leaky.ts"), "--seed", "9"], {
      env: { COLUMNS: "40" },
      timeoutMs: 30_000,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ {2}form +rej {2}hang {2}lost {2}crash {2}err {4}time {2}verdict$/m);
  });
});
