import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runtimeName } from "../../src/runtime/runtime-name.ts";
import { assertClean, enginesHere, reproRuns, resultOf } from "./repro-runs.ts";

describe("shutdown-hang", () => {
  for (const { engine, skip } of enginesHere()) {
    it(
      `shutdown-hang - on ${engine}, closing parents first hangs the exit naming the worker's receive; children first exits`,
      { skip },
      async () => {
        const runs = await reproRuns("shutdown-hang", engine);
        const parents = resultOf(runs, "buggy/parents-first");
        assert.equal(parents.verdict, "pass", JSON.stringify(parents.details));
        assert.equal(parents.hangs, 1);
        assert.equal(parents.details.hang?.phase, "exit");
        const pending = parents.details.hang?.pending.map((p) => `${p.owner} ${p.operation}`) ?? [];
        assert.ok(pending.some((p) => /subscriber thread .*receive on sub/.test(p)), pending.join("; "));
        assert.equal(parents.lostMessages + parents.crashes + parents.errors, 0);
        const fixed = resultOf(runs, "fixed/children-first");
        assertClean(fixed);
        assert.equal(fixed.details.processed, 20);
        const terminate = "buggy/terminate-worker";
        if (engine === "zmtp") {
          assert.match(runs.skipped.get(terminate) ?? "", /native engine only/);
        } else if (runtimeName() === "node") {
          const t = resultOf(runs, terminate);
          assert.equal(t.verdict, "pass", JSON.stringify(t.details));
          assert.equal(t.crashes, 1);
          assert.equal(t.details.crash?.signal, "SIGABRT");
        } else {
          // Deno's native engine polls: no native receive is pending, so terminating aborts nothing.
          const t = runs.results.get(terminate);
          if (t) assert.equal(t.crashes, 0, JSON.stringify(t.details));
          else assert.match(runs.skipped.get(terminate) ?? "", /node/);
        }
      },
    );
  }
});
