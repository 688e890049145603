import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { assertClean, enginesHere, reproRuns, resultOf } from "./repro-runs.ts";

describe("xpub-thread-misuse", () => {
  for (const { engine, skip } of enginesHere()) {
    it(
      `xpub-thread-misuse - on ${engine}, two readers give EBUSY rejections and lost events; a worker gets no socket; one owner is clean`,
      { skip },
      async () => {
        const runs = await reproRuns("xpub-thread-misuse", engine);
        const twoReaders = resultOf(runs, "buggy/two-readers");
        assert.equal(twoReaders.verdict, "pass", JSON.stringify(twoReaders.details));
        assert.ok(twoReaders.unhandledRejections > 0);
        assert.match(twoReaders.details.rejections[0], /EBUSY/);
        // Every join and leave went to the logger: none reached the application's tracker.
        assert.equal(twoReaders.lostMessages, 10);
        assert.equal(twoReaders.details.processed, 0);
        const handoff = resultOf(runs, "buggy/worker-handoff");
        assert.equal(handoff.verdict, "pass", JSON.stringify(handoff.details));
        assert.equal(handoff.lostMessages, 10);
        assert.match(handoff.details.notes.join("\n"), /postMessage\(socket\) threw|the worker received/);
        assert.equal(handoff.crashes + handoff.hangs + handoff.errors, 0);
        const fixed = resultOf(runs, "fixed/one-owner");
        assertClean(fixed);
        assert.equal(fixed.details.processed, 10);
      },
    );
  }
});
