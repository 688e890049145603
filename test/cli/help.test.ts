import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "../helpers/cli.ts";
import { oneLineError } from "../../src/cli/command-style.ts";

const commands = ["repro", "pub", "sub", "bus", "doctor"];

describe("cli help", () => {
  it("cli help - the top-level --help ends with examples of every command", async () => {
    const r = await runCli(["--help"]);
    assert.equal(r.code, 0, r.stderr);
    const examples = r.stdout.slice(r.stdout.indexOf("\nExamples:\n"));
    assert.ok(examples.length > 12, r.stdout);
    for (const c of commands) assert.match(examples, new RegExp(`^ {2}zmqdiag ${c}\\b`, "m"), c);
  });
  it("cli help - every subcommand's help lists --no-color and its examples", async () => {
    for (const c of commands) {
      const r = await runCli([c, "--help"]);
      assert.equal(r.code, 0, `${c}: ${r.stderr}`);
      assert.match(r.stdout, /^ {2}--no-color +plain output, without colors/m, c);
      assert.match(r.stdout, /\nExamples:\n {2}zmqdiag /, c);
    }
  });
  it("cli help - required options are shown as required, in the usage line and the option list", async () => {
    const r = await runCli(["bus", "--help"]);
    assert.match(r.stdout, /^Usage: zmqdiag bus --frontend <endpoint> --backend <endpoint> \[options\]$/m);
    const compact = r.stdout.replace(/\s+/g, " ");
    assert.match(
      compact,
      /--frontend <endpoint> endpoint to bind for publishers \(XSUB\), e\.g\. tcp:\/\/127\.0\.0\.1:5555 \(required\)/,
    );
    assert.match(
      compact,
      /--backend <endpoint> endpoint to bind for subscribers \(XPUB\), e\.g\. tcp:\/\/127\.0\.0\.1:5556 \(required\)/,
    );
    assert.doesNotMatch(compact, /--engine <engine>[^\n]*\(required\)/);
    for (const c of ["pub", "sub"]) {
      assert.match(
        (await runCli([c, "--help"])).stdout,
        new RegExp(`^Usage: zmqdiag ${c} \\[options\\] <endpoint>$`, "m"),
      );
    }
  });
});

describe("cli errors", () => {
  it("cli errors - an unknown command is one line with the zmqdiag: prefix, exit 2", async () => {
    for (const args of [["bogus"], ["help", "bogus"], ["buss"]]) {
      const r = await runCli(args);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, "");
      assert.match(
        r.stderr,
        /^zmqdiag: unknown command '\w+'( \(did you mean bus\?\))?; see zmqdiag --help\n$/,
        r.stderr,
      );
    }
    assert.equal(
      (await runCli(["buss"])).stderr,
      "zmqdiag: unknown command 'buss' (did you mean bus?); see zmqdiag --help\n",
    );
  });
  it("cli errors - option errors of every command are one line with the prefix and the command's help", async () => {
    const cases: Array<[string[], string]> = [
      [["bus"], "zmqdiag: required option '--frontend <endpoint>' not specified; see zmqdiag bus --help\n"],
      [["pub"], "zmqdiag: missing required argument 'endpoint'; see zmqdiag pub --help\n"],
      [
        ["sub", "tcp://127.0.0.1:1", "--count", "x"],
        "zmqdiag: option '--count <n>' argument 'x' is invalid. expected a whole number >= 1, got \"x\"; see zmqdiag sub --help\n",
      ],
      [["doctor", "--bogus"], "zmqdiag: unknown option '--bogus'; see zmqdiag doctor --help\n"],
    ];
    for (const [args, want] of cases) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.equal(r.stderr, want);
    }
  });
  it("cli errors - an empty --report or --junit is a usage error, not a report silently not written", async () => {
    const cases = [
      ["pub", "tcp://127.0.0.1:1", "--report", ""],
      ["sub", "tcp://127.0.0.1:1", "--report", ""],
      ["bus", "--frontend", "tcp://127.0.0.1:1", "--backend", "tcp://127.0.0.1:2", "--report", ""],
      ["repro", "--report", ""],
      ["repro", "--junit", " "],
    ];
    for (const args of cases) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(
        r.stderr,
        /^zmqdiag: option '--(report|junit) <file>' argument '\s*' is invalid\. expected a file name, got an empty one; see zmqdiag \w+ --help\n$/,
      );
    }
  });
  it("cli errors - oneLineError folds commander's extra lines into the one", () => {
    assert.equal(
      oneLineError("error: unknown command 'x'\n(Did you mean y?)\n", "zmqdiag"),
      "zmqdiag: unknown command 'x' (did you mean y?); see zmqdiag --help\n",
    );
    assert.equal(
      oneLineError("error: too many arguments for 'bus'. Expected 0 arguments but got 1.\n", "zmqdiag bus"),
      "zmqdiag: too many arguments for 'bus'. Expected 0 arguments but got 1; see zmqdiag bus --help\n",
    );
  });
});
