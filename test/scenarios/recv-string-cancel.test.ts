import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { assertClean, enginesHere, reproRuns, resultOf } from "./repro-runs.ts";

describe("recv-string-cancel", () => {
  for (const { engine, skip } of enginesHere()) {
    it(
      `recv-string-cancel - on ${engine}, abandoning the receive rejects unhandled and loses messages; receive({ signal }) is clean`,
      { skip },
      async () => {
        const runs = await reproRuns("recv-string-cancel", engine);
        const buggy = resultOf(runs, "buggy/abandon");
        assert.equal(buggy.verdict, "pass", JSON.stringify(buggy.details));
        assert.ok(buggy.unhandledRejections > 0, "the abandoned receive's EAGAIN is unhandled");
        assert.match(buggy.details.rejections[0], /EAGAIN/);
        assert.ok(buggy.lostMessages > 0, "an abandoned receive took a message");
        assert.equal(buggy.details.sent - buggy.details.processed, buggy.lostMessages);
        assert.equal(buggy.hangs + buggy.crashes + buggy.errors, 0);
        assertClean(resultOf(runs, "fixed/signal"));
      },
    );
  }
});
