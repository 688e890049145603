import { describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { parseJsonLines, runCli } from "../helpers/cli.ts";

const startDeadlineMs = 1500;

describe("repro run child", () => {
  it("repro run child - a child that never reaches setup is killed at the start deadline: one error, no crash, no hang", async () => {
    const r = await runCli(["repro", "--file", path.join("fixtures", "repro", "never-starts.ts"), "--json"], {
      env: { ZMQDIAG_TEST_START_DEADLINE_MS: String(startDeadlineMs) },
      timeoutMs: 30_000,
    });
    const results = parseJsonLines(r.stdout).filter((l) => l.type === "result");
    assert.equal(results.length, 1, r.stdout + r.stderr);
    const res = results[0] as Record<string, unknown> & { details: Record<string, unknown> };
    assert.deepEqual(
      [res.errors, res.crashes, res.hangs, res.unhandledRejections, res.verdict],
      [1, 0, 0, 0, "fail"],
      JSON.stringify(res),
    );
    assert.deepEqual(res.details.errors, [{
      phase: "start",
      message: `the child did not reach setup within ${startDeadlineMs} ms`,
    }]);
    assert.equal(res.details.crash, undefined);
    assert.equal(res.details.signal, "SIGKILL");
    assert.equal(r.code, 1, r.stderr);
  });
});
