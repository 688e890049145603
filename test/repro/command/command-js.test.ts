import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { RuntimeName } from "../../../src/runtime/runtime-name.ts";
import { counts, jsCommand, reproCommand } from "./command-helpers.ts";

const none = { unhandledRejections: 0, hangs: 0, lostMessages: null, crashes: 0, errors: 0 };

// Each JS fixture runs with zmqdiag on the runtime of this test run (the host) and under each runtime as the target.
for (const target of ["node", "deno", "bun"] as RuntimeName[]) {
  describe(`repro command JS program on ${target}`, () => {
    it(`repro command JS program on ${target} - a clean program passes, exit 0, lost messages null`, async () => {
      const { cli, results, summary } = await reproCommand([], jsCommand(target, "clean.mjs"));
      assert.equal(cli.code, 0, cli.stderr);
      assert.deepEqual(counts(results[0]), { ...none, verdict: "pass" });
      assert.equal(results[0].scenario, "command");
      assert.equal(results[0].iteration, 1);
      assert.deepEqual(results[0].details.output.stdout, ["clean: did its work"]);
      assert.deepEqual(summary, { type: "summary", runs: 1, passed: 1, failed: 0, runsWith: {}, lostMessages: null });
    });

    it(`repro command JS program on ${target} - keep: the runtime ends at the first unhandled rejection, and the report says so`, async () => {
      const { cli, results } = await reproCommand([], jsCommand(target, "rejection.mjs"));
      assert.equal(cli.code, 1);
      assert.deepEqual(counts(results[0]), { ...none, unhandledRejections: 1, verdict: "fail" });
      const [rej] = results[0].details.rejections;
      assert.equal(rej.message, "Error: config server unreachable");
      assert.match(rej.stack, /at loadConfig /);
      assert.ok(results[0].details.notes.some((n: string) => n.includes("ended at its first unhandled rejection")));
    });

    it(`repro command JS program on ${target} - count: the program goes on and every rejection is counted`, async () => {
      const { results } = await reproCommand(["--rejections", "count"], jsCommand(target, "rejection.mjs"));
      assert.deepEqual(counts(results[0]), { ...none, unhandledRejections: 2, verdict: "fail" });
      assert.deepEqual(results[0].details.rejections.map((r: { message: string }) => r.message), [
        "Error: config server unreachable",
        "Error: second rejection",
      ]);
      assert.deepEqual(results[0].details.output.stdout, ["still running"]);
      assert.equal(results[0].details.exitCode, 0);
    });

    it(`repro command JS program on ${target} - a program that never exits is a hang in run, with the state its preload gave`, async () => {
      const { results, summary } = await reproCommand(["--timeout", "1500"], jsCommand(target, "interval.mjs"));
      assert.deepEqual(counts(results[0]), { ...none, hangs: 1, verdict: "fail" });
      const hang = results[0].details.hang;
      assert.equal(hang.phase, "run");
      assert.equal(hang.deadlineMs, 1500);
      assert.equal(typeof hang.state.uptimeMs, "number");
      if (target !== "bun") assert.ok(hang.state.resources.Timeout >= 1, JSON.stringify(hang.state)); // Bun lists no resources
      assert.equal(hang.processes.length, 1);
      assert.ok(hang.processes[0].threads.length >= 1);
      assert.deepEqual(summary.runsWith, { hang: 1, "hang:run": 1 });
    });

    it(`repro command JS program on ${target} - a server that ignores SIGTERM is a hang at exit; one that stops is clean`, async () => {
      const ignoring = await reproCommand(
        ["--stop-after", "800", "--exit-timeout", "1000"],
        jsCommand(target, "ignore-sigterm.mjs"),
      );
      assert.deepEqual(counts(ignoring.results[0]), { ...none, hangs: 1, verdict: "fail" });
      assert.equal(ignoring.results[0].details.hang.phase, "exit");
      assert.ok(ignoring.results[0].details.output.stdout.includes("ignore-sigterm: got SIGTERM, ignoring it"));
      const stopping = await reproCommand(["--stop-after", "800"], jsCommand(target, "stops-on-sigterm.mjs"));
      assert.deepEqual(counts(stopping.results[0]), { ...none, verdict: "pass" });
      assert.deepEqual(stopping.results[0].details.output.stdout, [
        "stops-on-sigterm: serving",
        "stops-on-sigterm: stopped",
      ]);
    });

    it(`repro command JS program on ${target} - an abort is a crash with its signal; a libzmq assertion names its cause`, async () => {
      const abort = await reproCommand([], jsCommand(target, "abort.mjs"));
      assert.deepEqual(counts(abort.results[0]), { ...none, crashes: 1, verdict: "fail" });
      assert.equal(abort.results[0].details.crash.signal, "SIGABRT");
      const assertion = await reproCommand([], jsCommand(target, "libzmq-assert.mjs"));
      assert.deepEqual(assertion.results[0].details.crash, {
        signal: "SIGABRT",
        line: "Assertion failed: !_more (src/mailbox.cpp:99)",
        cause: "a ZeroMQ socket or context used from several threads at once",
      });
    });

    it(`repro command JS program on ${target} - an uncaught exception is an error with its line and exit code`, async () => {
      const { results } = await reproCommand([], jsCommand(target, "throws.mjs"));
      assert.deepEqual(counts(results[0]), { ...none, errors: 1, verdict: "fail" });
      assert.equal(results[0].details.error.exitCode, 1);
      assert.match(results[0].details.error.message, /^exited with code 1: .*endpoint tcp:\/\/bad:0 is invalid/);
    });
  });
}

describe("repro command JS program crashes", () => {
  it("repro command JS program crashes - a SIGSEGV is a crash with its signal", async () => {
    // Deno survives a SIGSEGV sent to itself, so the segfault runs on Node (its abort is tested on every runtime above).
    const { results } = await reproCommand([], jsCommand("node", "segfault.mjs"));
    assert.deepEqual(counts(results[0]), { ...none, crashes: 1, verdict: "fail" });
    assert.equal(results[0].details.crash.signal, "SIGSEGV");
  });
});

describe("repro command side channel", () => {
  for (const target of ["node", "deno", "bun"] as RuntimeName[]) {
    it(`repro command side channel on ${target} - a finding fails the run and is counted; a note is kept; a rejection shows its context`, async () => {
      const { results, summary } = await reproCommand(["--rejections", "count"], jsCommand(target, "instrumented.mjs"));
      const d = results[0].details;
      assert.deepEqual(d.findings, [{
        kind: "ebusy",
        message: "two concurrent receives on pull#1",
        detail: { socket: "pull#1" },
      }]);
      assert.ok(d.notes.includes("instrumented 1 socket"));
      assert.deepEqual(d.rejections.map((r: { message: string; context?: string }) => [r.message, r.context]), [[
        "Error: Socket is busy reading",
        "pull#1 receive at app.mjs:12",
      ]]);
      assert.equal(results[0].verdict, "fail");
      assert.deepEqual(summary.runsWith, { rejection: 1, ebusy: 1 });
    });
  }

  it("repro command side channel - a state provider's pending operations name a hang", async () => {
    const { results } = await reproCommand(["--timeout", "1500"], [...jsCommand("node", "instrumented.mjs"), "hang"]);
    assert.deepEqual(results[0].details.hang.pending, [{ socket: "pull#1", operation: "receive" }]);
    assert.deepEqual(results[0].details.hang.state.zeromq, { pending: [{ socket: "pull#1", operation: "receive" }] });
  });
});
