import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type CliResult, parseJsonLines, runCli } from "../helpers/cli.ts";
import { runtimeName } from "../../src/runtime/runtime-name.ts";
import { seededRandom } from "../../src/repro/seeded-random.ts";
import type { Json } from "../helpers/json.ts";

const fx = (name: string) => path.join("fixtures", "repro", `${name}.ts`);

function find(lines: Json[], scenario: string, form: string): Json {
  const r = lines.find((l) => l.type === "result" && l.scenario === scenario && l.form === form);
  assert.ok(r, `no result for ${scenario} ${form}`);
  return r;
}

describe("repro harness", () => {
  let dir: string;
  let run: CliResult;
  let lines: Json[];
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqdiag-repro-"));
    run = await runCli(
      [
        "repro",
        "--file",
        fx("clean-and-leaky"),
        "--file",
        fx("crash"),
        "--file",
        fx("hang"),
        "--seed",
        "42",
        "--json",
        "--jobs",
        "4",
        "--junit",
        path.join(dir, "junit.xml"),
        "--report",
        path.join(dir, "report.json"),
      ],
      { timeoutMs: 60_000 },
    );
    lines = parseJsonLines(run.stdout);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("repro harness - every verdict as documented, exit 0, one result per run and a summary", () => {
    assert.equal(run.code, 0, run.stderr);
    assert.equal(lines.filter((l) => l.type === "result").length, 8);
    assert.deepEqual(lines[lines.length - 1], { type: "summary", runs: 8, passed: 8, failed: 0, skipped: 0, seed: 42 });
    for (const r of lines.filter((l) => l.type === "result")) {
      assert.equal(r.verdict, "pass", JSON.stringify(r));
      assert.equal(r.runtime, runtimeName());
      assert.equal(r.engine, "none");
      for (
        const k of [
          "scenario",
          "variant",
          "form",
          "unhandledRejections",
          "hangs",
          "lostMessages",
          "crashes",
          "errors",
          "reproduced",
          "durationMs",
          "details",
        ]
      ) assert.ok(k in r, k);
    }
  });
  it("repro harness - counts rejections with their messages and lost messages with their ranges", () => {
    const buggy = find(lines, "fixture-leaky", "orphans");
    assert.equal(buggy.unhandledRejections, 3);
    assert.match(buggy.details.rejections[0], /^Error: orphan \d rejected$/);
    assert.equal(buggy.lostMessages, 4);
    assert.deepEqual(buggy.details.lostRanges, ["3", "6", "9", "12"]);
    assert.equal(buggy.details.sent, 12);
    assert.equal(buggy.reproduced, true);
    const fixed = find(lines, "fixture-leaky", "handled");
    assert.deepEqual([fixed.unhandledRejections, fixed.lostMessages, fixed.hangs, fixed.crashes, fixed.errors], [
      0,
      0,
      0,
      0,
      0,
    ]);
    assert.equal(fixed.details.processed, 12);
    // Every random choice comes from the seed: both forms drew the same first number from seed 42.
    const expected = `random ${seededRandom(42)().toFixed(6)}`;
    assert.deepEqual(buggy.details.notes, [expected]);
    assert.deepEqual(fixed.details.notes, [expected]);
  });
  it("repro harness - a child that aborts is a crash, and the parent goes on with the next runs", () => {
    const crash = find(lines, "fixture-crash", "abort");
    assert.equal(crash.crashes, 1);
    assert.equal(crash.details.crash.signal, "SIGABRT");
    assert.equal(crash.details.crash.phase, "run");
    assert.match(crash.details.crash.stderrTail, /about to abort on purpose/);
    assert.equal(find(lines, "fixture-crash", "no-abort").verdict, "pass");
    assert.ok(lines.indexOf(crash) < lines.findIndex((l) => l.scenario === "fixture-hang"));
  });
  it("repro harness - a hang names its phase and what was pending, within its deadline + 250 ms", () => {
    const stuck = find(lines, "fixture-hang", "stuck-shutdown");
    assert.equal(stuck.hangs, 1);
    const h = stuck.details.hang;
    assert.equal(h.phase, "shutdown");
    assert.equal(h.reason, "deadline");
    assert.equal(h.deadlineMs, 600);
    assert.ok(h.elapsedMs >= 600 && h.elapsedMs <= 850, `killed after ${h.elapsedMs} ms`);
    assert.deepEqual(h.pending.map((p: Json) => `${p.owner}: ${p.operation}`), [
      "drain task: wait for the final message",
    ]);
    // The one shape of a pending operation, the same as bus's hang.
    assert.deepEqual(Object.keys(h.pending[0]).sort(), ["operation", "owner", "pendingMs", "since"]);
    assert.equal(new Date(h.pending[0].since).toISOString(), h.pending[0].since);
    assert.ok(
      h.pending[0].pendingMs >= 0 && h.pending[0].pendingMs <= h.elapsedMs + 1000,
      `pending ${h.pending[0].pendingMs} ms`,
    );
    const noExit = find(lines, "fixture-hang", "no-exit").details.hang;
    assert.equal(noExit.phase, "exit");
    assert.ok(noExit.elapsedMs >= 600 && noExit.elapsedMs <= 850, `killed after ${noExit.elapsedMs} ms`);
    assert.equal(noExit.pending[0].owner, "ticker");
    const deadlock = find(lines, "fixture-hang", "deadlock").details.hang;
    assert.equal(deadlock.reason, "deadlock");
    assert.equal(deadlock.phase, "shutdown");
    assert.equal(deadlock.pending[0].operation, "wait for a message nobody sends");
    const fixed = find(lines, "fixture-hang", "stops");
    assert.equal(fixed.hangs, 0);
    assert.equal(fixed.verdict, "pass");
  });
  it("repro harness - the JUnit file has one test case per run and the report file the same results", () => {
    const xml = fs.readFileSync(path.join(dir, "junit.xml"), "utf8");
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
    assert.match(xml, /<testsuites name="zmqdiag repro" tests="8" failures="0" skipped="0"/);
    assert.equal([...xml.matchAll(/<testcase /g)].length, 8);
    assert.equal(xml.includes("<failure"), false);
    assert.match(xml, /classname="zmqdiag.repro.fixture-hang" name="buggy\/stuck-shutdown \[none, [a-z]+\]"/);
    const report = JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8"));
    assert.deepEqual(report.summary, { runs: 8, passed: 8, failed: 0, skipped: 0, seed: 42 });
    assert.equal(report.results.length, 8);
  });
});

describe("repro harness failures", () => {
  it("repro harness failures - a failed verdict exits 1 and is a JUnit failure with the findings", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqdiag-repro-"));
    try {
      const junit = path.join(dir, "j.xml");
      const r = await runCli(["repro", "--file", fx("failing"), "--junit", junit], { timeoutMs: 30_000 });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /FAIL {2}not reproduced/);
      assert.match(r.stdout, /error in run: RangeError: the fixture threw on purpose/);
      assert.match(r.stdout, /2 runs: 0 passed, 2 failed, 0 skipped · seed \d+/);
      const xml = fs.readFileSync(junit, "utf8");
      assert.match(xml, /failures="2"/);
      assert.match(
        xml,
        /<failure message="expected lost messages \(the documented failure\), but it did not reproduce; nothing was seen"/,
      );
      assert.match(
        xml,
        /<failure message="expected no findings from the fixed form; error in run: RangeError: the fixture threw on purpose"/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("repro options", () => {
  it("repro options - human output is a table with verdicts and a summary line with the seed", async () => {
    const r = await runCli(["repro", "--file", fx("clean-and-leaky"), "--seed", "9"], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ {2}form\s+rej\s+hang\s+lost\s+crash\s+err\s+time\s+verdict$/m);
    assert.match(r.stdout, /^fixture-leaky\n {2}buggy\/orphans\s+3\s+0\s+4\s+0\s+0\s+[\d.]+s\s+pass {2}reproduced$/m);
    assert.match(r.stdout, /^ {2}fixed\/handled\s+0\s+0\s+0\s+0\s+0\s+[\d.]+s\s+pass {2}clean$/m);
    assert.match(r.stdout, /Engine\/runtime: none\/\w+\./);
    assert.match(r.stdout, /2 runs: 2 passed, 0 failed, 0 skipped · seed 9 \(replay: --seed 9\)/);
  });
  it("repro options - --variant picks forms; a form restricted to another engine is skipped with the reason", async () => {
    const r = await runCli(["repro", "--file", fx("native-only"), "--engine", "zmtp", "--json"], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    const [skip, summary] = parseJsonLines(r.stdout);
    assert.equal(skip.type, "skipped");
    assert.equal(skip.engine, "zmtp");
    assert.equal(skip.reason, "this form applies to the native engine only");
    assert.deepEqual({ ...summary, seed: 0 }, { type: "summary", runs: 0, passed: 0, failed: 0, skipped: 1, seed: 0 });
    const b = parseJsonLines(
      (await runCli(["repro", "--file", fx("crash"), "--variant", "fixed", "--json"], { timeoutMs: 30_000 })).stdout,
    );
    assert.deepEqual(b.filter((l) => l.type === "result").map((l) => l.form), ["no-abort"]);
  });
  it("repro options - native on Bun is listed as skipped, never run into a crash", async () => {
    const r = await runCli(["repro", "--file", fx("native-only"), "--engine", "native", "--runtime", "bun", "--json"], {
      timeoutMs: 30_000,
    });
    assert.equal(r.code, 0, r.stderr);
    const [skip] = parseJsonLines(r.stdout);
    assert.equal(skip.type, "skipped");
    assert.match(String(skip.reason), /cannot run on Bun.*uv_poll_init_socket/);
  });
  it("repro options - --runtime all runs each form under node, deno and bun", async () => {
    const r = await runCli(["repro", "--file", fx("crash"), "--variant", "buggy", "--runtime", "all", "--json"], {
      timeoutMs: 60_000,
    });
    assert.equal(r.code, 0, r.stderr);
    const results = parseJsonLines(r.stdout).filter((l) => l.type === "result");
    assert.deepEqual(results.map((l) => [l.runtime, l.crashes, l.verdict]), [["node", 1, "pass"], ["deno", 1, "pass"], [
      "bun",
      1,
      "pass",
    ]]);
  });
  it("repro options - --list and --explain print a scenario's forms, source, symptom, fix and programs", async () => {
    const list = await runCli(["repro", "--list", "--file", fx("hang")]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^fixture-hang {2}Processes that do not end/m);
    assert.match(
      list.stdout,
      /^ {2}buggy\/stuck-shutdown +shutdown waits for a final message that never comes \(shows a hang\)$/m,
    );
    assert.match(list.stdout, /^ {2}fixed\/stops +stops its timer \(must be clean\)$/m);
    const explain = await runCli(["repro", "--explain", "--file", fx("clean-and-leaky")]);
    assert.equal(explain.code, 0, explain.stderr);
    for (
      const text of [
        "Documented",
        "an orphaned promise rejects",
        "Symptom",
        "Fix",
        "handle every promise",
        "buggy/orphans",
        "orphan ${i} rejected",
        "Promise.allSettled",
      ]
    ) {
      assert.ok(explain.stdout.includes(text), `missing ${text}`);
    }
  });
  it("repro options - bad usage is one line on stderr and exit 2", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["repro", "no-such-scenario"], /^zmqdiag: unknown scenario "no-such-scenario"/],
      [["repro", "--variant", "sideways"], /argument 'sideways' is invalid/],
      [["repro", "--iterations", "0"], /expected a whole number >= 1/],
      [["repro", "--seed", "99999999999"], /--seed must be at most 4294967295/],
      [
        ["repro", "--file", "fixtures/repro/missing.ts"],
        /^zmqdiag: cannot read --file fixtures\/repro\/missing.ts: ENOENT/,
      ],
      [
        ["repro", "--file", fx("not-a-scenario")],
        /^zmqdiag: cannot load --file .*not-a-scenario.ts: .*`name` must be a word/,
      ],
      [["repro", "--explain"], /--explain needs a scenario name/],
      [
        ["repro", "--file", fx("crash"), "--junit", "/no/such/dir/j.xml"],
        /^zmqdiag: cannot write \/no\/such\/dir\/j.xml: ENOENT/,
      ],
    ];
    for (const [args, re] of cases) {
      const r = await runCli(args, { timeoutMs: 30_000 });
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split("\n").filter((l) => !l.startsWith("(run with --help")).length, 1, r.stderr);
      assert.equal(r.stdout, "");
    }
  });
});
