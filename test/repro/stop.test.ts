import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseJsonLines, runCli, startCli } from "../helpers/cli.ts";
import { processesWith, skipWithoutProc } from "../helpers/processes.ts";
import { eventually } from "../helpers/eventually.ts";
import { parentWatchIntervalMs } from "../../src/runtime/parent-watch.ts";

const fx = (name: string) => path.join("fixtures", "repro", `${name}.ts`);
const uniqueSeed = () => String(1_000_000 + Math.floor(Math.random() * 1_000_000_000));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zmqdiag-repro-stop-"));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fresh folder where fixtures/repro/hang.ts marks each child that has started to hang. */
function hangMarks(): { env: Record<string, string>; count(): number } {
  const dir = fs.mkdtempSync(path.join(tmp, "marks-"));
  return { env: { ZMQDIAG_TEST_HANG_MARKS: dir }, count: () => fs.readdirSync(dir).length };
}

describe("repro stop", { skip: skipWithoutProc }, () => {
  it("repro stop - SIGKILL of repro while scenarios hang leaves no child running", async () => {
    const seed = uniqueSeed();
    // Every buggy form of this fixture hangs; with a 60 s deadline only the parent watch ends them.
    const marks = hangMarks();
    const repro = startCli([
      "repro",
      "--file",
      fx("hang"),
      "--timeout",
      "60000",
      "--seed",
      seed,
      "--jobs",
      "2",
      "--json",
    ], { timeoutMs: 30_000, env: marks.env });
    const children = () => processesWith(["--seed", seed]).filter((pid) => pid !== repro.child.pid);
    await eventually(
      () => marks.count() === 2,
      20_000,
      () => `children did not start to hang; stderr ${repro.stderr()}`,
      50,
    );
    const pids = children();
    process.kill(repro.child.pid!, "SIGKILL");
    const r = await repro.done;
    assert.equal(r.signal, "SIGKILL");
    // The watch checks every 200 ms; a generous margin for a loaded machine.
    const gone = () =>
      pids.every((pid) =>
        !fs.existsSync(`/proc/${pid}/cmdline`) || fs.readFileSync(`/proc/${pid}/cmdline`, "utf8") === ""
      );
    await eventually(
      gone,
      25 * parentWatchIntervalMs,
      () => `children outlived a SIGKILLed repro: ${children().join(", ")}`,
      50,
    );
  });

  it("repro stop - a --file whose top-level await never settles ends at the load deadline: one line, exit 2", async () => {
    const r = await runCli(["repro", "--file", fx("never-loads"), "--timeout", "3000"], { timeoutMs: 30_000 });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(
      r.stderr,
      `zmqdiag: cannot load --file ${
        fx("never-loads")
      }: it did not finish loading within 3000 ms (a top-level await that never settles?)\n`,
    );
    assert.equal(r.stdout, "");
  });

  it("repro stop - SIGINT while a --file loads prints the stop line, exits 1 and leaves no child", async () => {
    const seed = uniqueSeed();
    const repro = startCli(["repro", "--file", fx("never-loads"), "--seed", seed], { timeoutMs: 30_000 });
    const children = () =>
      processesWith(["--describe"]).filter((pid) =>
        fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("never-loads")
      );
    // The describe child does not carry the seed; it is the one loading this fixture.
    await eventually(
      () => children().length >= 1,
      20_000,
      () => `the describe child did not start; stderr ${repro.stderr()}`,
      50,
    );
    process.kill(repro.child.pid!, "SIGINT");
    const r = await repro.done;
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, "zmqdiag: stopped by SIGINT; the running children were killed\n");
    await eventually(
      () => children().length === 0,
      5_000,
      () => `the describe child outlived repro: ${children().join(", ")}`,
      50,
    );
  });

  it("repro stop - SIGINT during runs: the summary of the runs so far, --report and --junit with the interrupted runs marked, exit 1", async () => {
    const seed = uniqueSeed();
    const report = path.join(tmp, "report.json");
    const junit = path.join(tmp, "junit.xml");
    // The two runs of the first file end by themselves; the first two of the second then hang and
    // are the only children; the last two are never started.
    const args = [
      "repro",
      "--file",
      fx("clean-and-leaky"),
      "--file",
      fx("hang"),
      "--timeout",
      "60000",
      "--seed",
      seed,
      "--jobs",
      "2",
      "--json",
      "--report",
      report,
      "--junit",
      junit,
    ];
    const marks = hangMarks();
    const repro = startCli(args, { timeoutMs: 30_000, env: marks.env });
    const children = () => processesWith(["--seed", seed]).filter((pid) => pid !== repro.child.pid);
    const resultsSoFar = () => repro.stdout().split("\n").filter((l) => l.includes('"type":"result"')).length;
    await eventually(() => resultsSoFar() === 2 && marks.count() === 2, 20_000, () => `stdout ${repro.stdout()}`, 50);
    process.kill(repro.child.pid!, "SIGINT");
    const r = await repro.done;
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stderr,
      "zmqdiag: stopping (SIGINT): the running children were killed; the summary of the runs so far follows; Ctrl-C again to force\n",
    );
    const lines = parseJsonLines(r.stdout);
    assert.deepEqual(lines.filter((l) => l.type === "result").map((l) => [l.form, l.verdict, l.interrupted ?? false]), [
      ["orphans", "pass", false],
      ["handled", "pass", false],
      ["stuck-shutdown", "fail", true],
      ["no-exit", "fail", true],
    ]);
    assert.deepEqual(lines.filter((l) => l.type === "skipped").map((l) => [l.form, l.reason]), [
      ["deadlock", "not started: repro was stopped by SIGINT"],
      ["stops", "not started: repro was stopped by SIGINT"],
    ]);
    const summary = {
      type: "summary",
      runs: 4,
      passed: 2,
      failed: 0,
      skipped: 2,
      seed: Number(seed),
      interrupted: 2,
      stoppedBy: "SIGINT",
    };
    assert.deepEqual(lines[lines.length - 1], summary);
    const saved = JSON.parse(fs.readFileSync(report, "utf8"));
    assert.deepEqual(saved.summary, (({ type: _t, ...s }) => s)(summary));
    assert.deepEqual(
      saved.results.map((x: { details: { interruptedBy?: string } }) => x.details.interruptedBy ?? null),
      [null, null, "SIGINT", "SIGINT"],
    );
    const xml = fs.readFileSync(junit, "utf8");
    assert.match(xml, /<testsuites name="zmqdiag repro" tests="6" failures="0" skipped="2" errors="2"/);
    assert.equal(
      [...xml.matchAll(
        /<error message="interrupted: repro was stopped by SIGINT while this run went on \(\d+ ms in\); no verdict" type="interrupted">/g,
      )].length,
      2,
    );
    await eventually(
      () => children().length === 0,
      5_000,
      () => `children outlived repro: ${children().join(", ")}`,
      50,
    );
  });
});
