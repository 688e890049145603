import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { planRuns } from "../../src/repro/plan.ts";
import type { ScenarioInfo } from "../../src/repro/scenario-info.ts";

const scenario: ScenarioInfo = {
  name: "demo",
  title: "demo",
  source: { documented: "", reports: [] },
  symptom: "",
  fix: "",
  usesEngine: true,
  defaultIterations: 3,
  deadlines: {},
  forms: [
    {
      variant: "buggy",
      form: "node-native",
      description: "",
      reproduces: ["crashes"],
      engines: ["native"],
      runtimes: ["node"],
      text: "",
    },
    { variant: "fixed", form: "anywhere", description: "", reproduces: [], text: "" },
  ],
};

describe("repro plan", () => {
  it("repro plan - a form restricted to runtimes and engines is skipped elsewhere, with the reason", () => {
    const items = planRuns([scenario], { variant: "both", engine: "all", runtime: "all", seed: 1 });
    const runs = items.filter((i) => i.kind === "run").map((
      i,
    ) => (i.kind === "run"
      ? `${i.spec.scenario.forms[i.spec.formIndex].form}/${i.spec.engine}/${i.spec.runtime}`
      : "")
    );
    assert.ok(runs.includes("node-native/native/node"));
    assert.ok(!runs.some((r) => r.startsWith("node-native/") && r !== "node-native/native/node"));
    const skips = items.flatMap((i) => (i.kind === "skip" ? [i.skipped] : []));
    const denoSkip = skips.find((s) => s.form === "node-native" && s.engine === "native" && s.runtime === "deno");
    assert.match(denoSkip?.reason ?? "", /applies on node only/);
    const zmtpSkip = skips.find((s) => s.form === "node-native" && s.engine === "zmtp" && s.runtime === "node");
    assert.match(zmtpSkip?.reason ?? "", /native engine only/);
    // the unrestricted form runs everywhere but native on bun
    assert.ok(runs.includes("anywhere/zmtp/bun") && runs.includes("anywhere/native/deno"));
    assert.ok(skips.some((s) => s.form === "anywhere" && s.engine === "native" && s.runtime === "bun"));
  });
  it("repro plan - iterations default to the scenario's own and --iterations overrides", () => {
    const [a] = planRuns([scenario], { variant: "fixed", engine: "zmtp", runtime: "current", seed: 1 });
    const [b] = planRuns([scenario], { variant: "fixed", engine: "zmtp", runtime: "current", seed: 1, iterations: 9 });
    assert.equal(a.kind === "run" && a.spec.iterations, 3);
    assert.equal(b.kind === "run" && b.spec.iterations, 9);
  });
});
