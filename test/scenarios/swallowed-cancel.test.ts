import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { assertClean, enginesHere, reproRuns, resultOf } from "./repro-runs.ts";

describe("swallowed-cancel", () => {
  for (const { engine, skip } of enginesHere()) {
    it(
      `swallowed-cancel - on ${engine}, a catch-all retry outlives its abort (a run hang); re-throwing the abort settles`,
      { skip },
      async () => {
        const runs = await reproRuns("swallowed-cancel", engine);
        const buggy = resultOf(runs, "buggy/catch-all");
        assert.equal(buggy.verdict, "pass", JSON.stringify(buggy.details));
        assert.equal(buggy.hangs, 1);
        assert.equal(buggy.details.hang?.phase, "run");
        assert.deepEqual(buggy.details.hang?.pending.map((p) => p.owner), ["consumer task"]);
        assert.match(buggy.details.notes[0], /retrying after: AbortError/);
        assert.equal(buggy.unhandledRejections + buggy.lostMessages + buggy.crashes + buggy.errors, 0);
        const fixed = resultOf(runs, "fixed/rethrow-abort");
        assertClean(fixed);
        assert.equal(fixed.details.processed, 20);
      },
    );
  }
});
