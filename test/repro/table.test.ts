import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Chalk } from "chalk";
import { ReproTable } from "../../src/repro/table.ts";
import { wrapLine } from "../../src/repro/wrap-line.ts";
import type { PlanItem } from "../../src/repro/plan.ts";
import type { RunResult } from "../../src/repro/run-result.ts";
import type { ScenarioInfo } from "../../src/repro/scenario-info.ts";

const plain = new Chalk({ level: 0 });
const deadlines = { setup: 5000, run: 10_000, shutdown: 2000, exit: 2000 };
const scenario: ScenarioInfo = {
  name: "shielded-send-deadlock",
  title: "t",
  source: { documented: "", reports: [] },
  symptom: "",
  fix: "",
  usesEngine: true,
  defaultIterations: 1,
  deadlines: {},
  forms: [
    {
      variant: "buggy",
      form: "skip-aborted-receiver",
      description: "",
      reproduces: ["hangs", "lostMessages"],
      text: "",
    },
    { variant: "fixed", form: "deliver-to-waiting", description: "", reproduces: [], text: "" },
  ],
};
const combos = [["native", "node"], ["zmtp", "node"], ["native", "deno"], ["zmtp", "deno"], ["zmtp", "bun"]] as const;
const items: PlanItem[] = scenario.forms.flatMap((_, formIndex) =>
  combos.map(([engine, runtime]) => ({
    kind: "run" as const,
    spec: { scenario, formIndex, engine, runtime, iterations: 1, seed: 4294967295, deadlines },
  }))
);

function result(
  formIndex: number,
  engine: "native" | "zmtp",
  runtime: "node" | "deno" | "bun",
  verdict: "pass" | "fail",
): RunResult {
  const f = scenario.forms[formIndex];
  const buggy = f.variant === "buggy";
  const pending = [{
    owner: "producer task with a long name",
    operation: "send of the final message #20 (cleanup) while the receiver waits",
    since: new Date(0).toISOString(),
    pendingMs: 3,
  }];
  return {
    scenario: scenario.name,
    variant: f.variant,
    form: f.form,
    engine,
    runtime,
    unhandledRejections: 12,
    hangs: buggy ? 1 : 0,
    lostMessages: buggy ? 1 : 0,
    crashes: 0,
    errors: 0,
    reproduced: buggy,
    verdict,
    durationMs: 123_456,
    details: {
      expected: buggy ? f.reproduces : "clean",
      rejections: ["Error: a rejection whose message is long enough to need more than one line of eighty columns"],
      lostRanges: ["19"],
      sent: 20,
      processed: 19,
      hang: buggy
        ? { phase: "run", deadlineMs: 1500, elapsedMs: 1501, reason: "deadline", pending, sockets: [] }
        : undefined,
      errors: [],
      notes: [],
      output: [],
      exitCode: null,
      signal: "SIGKILL",
      seed: 4294967295,
      iterations: 1,
      deadlines,
      phaseMs: {},
    },
  };
}

function render(columns: number | undefined): string[] {
  const lines: string[] = [];
  const t = new ReproTable(items, plain, (l) => lines.push(l), columns);
  t.header();
  combos.forEach(([e, r], i) => t.result(result(0, e, r, i % 2 ? "fail" : "pass")));
  combos.forEach(([e, r], i) => t.result(result(1, e, r, i % 2 ? "fail" : "pass")));
  t.skipped({
    scenario: scenario.name,
    variant: "buggy",
    form: "skip-aborted-receiver",
    engine: "native",
    runtime: "bun",
    reason: "the native engine cannot run on Bun: it panics on zeromq.js's first socket (uv_poll_init_socket)",
  });
  t.footer({ runs: 10, passed: 5, failed: 5, skipped: 1, seed: 4294967295 });
  return lines;
}

describe("repro table", () => {
  it("repro table - every line fits 80 columns, with the engine/runtime column and the longest seed", () => {
    const lines = render(undefined);
    for (const l of lines) assert.ok(l.length <= 80, `${l.length}: ${l}`);
    assert.equal(lines.filter((l) => l === "shielded-send-deadlock").length, 1);
    assert.equal(lines.filter((l) => l === "  fixed/deliver-to-waiting").length, 1);
    assert.match(lines.join("\n"), /\n {4}engine\/rt {4}rej {2}hang {2}lost {2}crash {2}err {4}time {2}verdict\n/);
    assert.ok(
      lines.includes("    native/node   12     1     1      0    0  123.5s  pass  reproduced"),
      lines.join("\n"),
    );
    assert.ok(
      lines.includes("    zmtp/node     12     1     1      0    0  123.5s  FAIL  not reproduced"),
      lines.join("\n"),
    );
    assert.equal(lines.at(-2), "10 runs: 5 passed, 5 failed, 1 skipped · seed 4294967295");
    assert.equal(lines.at(-1), "  (replay: --seed 4294967295)");
  });
  it("repro table - a terminal wider than 80 columns still gets 80", () => {
    assert.deepEqual(render(200), render(undefined));
  });
  it("repro table - a narrow terminal gets a line or two per run, each within its width", () => {
    const lines = render(40);
    for (const l of lines) assert.ok(l.length <= 40, `${l.length}: ${l}`);
    assert.ok(lines.includes("    zmtp/node  FAIL  123.5s"), lines.join("\n"));
    assert.ok(lines.includes("      unhandled 12, hang 1, lost 1"), lines.join("\n"));
  });
  it("repro table - one engine and runtime: named in the legend, rows labelled by form", () => {
    const lines: string[] = [];
    const t = new ReproTable(items.slice(0, 1), plain, (l) => lines.push(l));
    t.header();
    t.result(result(0, "native", "node", "pass"));
    assert.match(lines.slice(0, 2).join(" "), /Engine\/runtime: native\/node\./);
    assert.ok(
      lines.includes("  buggy/skip-aborted-receiver   12     1     1      0    0  123.5s  pass"),
      lines.join("\n"),
    );
    for (const l of lines) assert.ok(l.length <= 80, `${l.length}: ${l}`);
  });
  it("repro table - 1 run, not 1 runs", () => {
    const lines: string[] = [];
    const t = new ReproTable(items.slice(0, 1), plain, (l) => lines.push(l));
    t.footer({ runs: 1, passed: 1, failed: 0, skipped: 0, seed: 5 });
    assert.equal(lines.at(-1), "1 run: 1 passed, 0 failed, 0 skipped · seed 5 (replay: --seed 5)");
  });
  it("repro table - wrapLine breaks at spaces, indents what follows and cuts a word longer than a line", () => {
    assert.deepEqual(wrapLine("    aaa bbb ccc", 11, "      "), ["    aaa bbb", "      ccc"]);
    assert.deepEqual(wrapLine("x".repeat(25), 10, "  "), ["xxxxxxxxxx", "  xxxxxxxx", "  xxxxxxx"]);
    assert.deepEqual(wrapLine("short", 80, ""), ["short"]);
  });
});
