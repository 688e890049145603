import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runCli, startCli } from "../../helpers/cli.ts";
import { eventually } from "../../helpers/eventually.ts";
import { jsCommand, reproCommand } from "./command-helpers.ts";

/** True while the process exists and is not a zombie (a killed process nobody reaped yet is gone). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** The pids the fixture wrote to `file` (a line: "<program> <its child>"), once it has. */
async function readPids(file: string, withinMs: number): Promise<number[]> {
  const text = () => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");
  await eventually(() => text().endsWith("\n"), withinMs, `the fixture to write ${file}`, 50);
  return text().trim().split(" ").map(Number);
}

describe("repro command lifecycle", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqdiag-lifecycle-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const signal of ["SIGKILL", "SIGINT"] as const) {
    it(`repro command lifecycle - zmqdiag ended by ${signal} mid-run leaves no process of the run behind`, async () => {
      const pidFile = path.join(dir, `pids-${signal}`);
      const cli = startCli(["repro", "--timeout", "60000", "--", ...jsCommand("node", "spawns-and-waits.mjs")], {
        env: { PID_FILE: pidFile },
        timeoutMs: 60_000,
      });
      const pids = await readPids(pidFile, 30_000);
      assert.equal(pids.length, 2);
      assert.deepEqual(pids.filter(alive), pids, "the program and its child run");
      process.kill(cli.child.pid!, signal);
      const end = await cli.done;
      assert.equal(end.timedOut, false);
      if (signal === "SIGINT") {
        assert.equal(end.code, 1);
        assert.match(end.stderr, /stopped by SIGINT; every run's processes were killed/);
      }
      await eventually(
        () => !pids.some(alive),
        5000,
        () => `processes left running: ${pids.filter(alive).join(", ")}`,
        50,
      );
    });
  }

  it("repro command lifecycle - a program that hangs one time in four: the summary gives the share", async () => {
    const flaky = path.join(dir, "flaky");
    fs.mkdirSync(flaky);
    const junit = path.join(dir, "runs.xml");
    const { cli, results, summary } = await reproCommand(
      ["--iterations", "20", "--jobs", "4", "--timeout", "1500", "--junit", junit],
      jsCommand("node", "hangs-one-in-four.mjs"),
      {
        env: { FLAKY_DIR: flaky },
      },
    );
    assert.equal(cli.code, 1);
    assert.deepEqual(results.map((r) => r.iteration), Array.from({ length: 20 }, (_, i) => i + 1));
    assert.deepEqual(summary, {
      type: "summary",
      runs: 20,
      passed: 15,
      failed: 5,
      runsWith: { hang: 5, "hang:run": 5 },
      lostMessages: null,
    });
    const xml = fs.readFileSync(junit, "utf8");
    assert.equal(xml.match(/<testcase /g)?.length, 20);
    assert.equal(xml.match(/<failure /g)?.length, 5);
    assert.match(xml, /tests="20" failures="5"/);
  });

  it("repro command lifecycle - the table ends with the share of runs per finding", async () => {
    const flaky = path.join(dir, "flaky-table");
    fs.mkdirSync(flaky);
    const r = await runCli([
      "repro",
      "--iterations",
      "4",
      "--jobs",
      "2",
      "--timeout",
      "1500",
      "--",
      ...jsCommand("node", "hangs-one-in-four.mjs"),
    ], { env: { FLAKY_DIR: flaky }, timeoutMs: 60_000 });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^1 of 4 runs hung while running$/m);
    assert.match(r.stdout, /^4 runs: 3 clean, 1 with findings/m);
  });

  it("repro command lifecycle - nothing after --, or a command that does not exist: one line, exit 2", async () => {
    const empty = await runCli(["repro", "--"]);
    assert.equal(empty.code, 2);
    assert.equal(
      empty.stderr,
      "zmqdiag: nothing after --: give the command to run, e.g. zmqdiag repro -- python3 app.py\n",
    );
    const missing = await runCli(["repro", "--json", "--", "no-such-program-zmqdiag", "x"]);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'zmqdiag: cannot start "no-such-program-zmqdiag": ENOENT (no such command on PATH)\n');
    assert.equal(missing.stdout, "");
    const both = await runCli(["repro", "shutdown-hang", "--", "node", "x.mjs"]);
    assert.equal(both.code, 2);
    assert.equal(both.stderr.split("\n").length, 2, both.stderr);
  });

  it("repro command lifecycle - a program that ends but leaves a child running: the child is killed, and the report says so", async () => {
    // The shell waits (at most 2 s) until its background child has become `sleep`, so that the
    // report names it, not the shell's fork that has yet to exec.
    const script =
      'sleep 600 & for i in $(seq 200); do [ "$(cat /proc/$!/comm 2>/dev/null)" = sleep ] && break; sleep 0.01; done; echo started';
    const { results } = await reproCommand([], ["sh", "-c", script]);
    assert.equal(results[0].verdict, "pass");
    assert.ok(
      results[0].details.notes.some((n: string) => /left 1 process running \(sleep \d+\); zmqdiag killed them/.test(n)),
      JSON.stringify(results[0].details.notes),
    );
  });
});
