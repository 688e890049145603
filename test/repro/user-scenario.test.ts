import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseJsonLines, runCli } from "../helpers/cli.ts";

describe("repro user scenario", () => {
  it("repro user scenario - --file runs fixtures/my-scenario.ts on every engine that runs here", async () => {
    const r = await runCli(["repro", "--file", "fixtures/my-scenario.ts", "--engine", "all", "--json", "--seed", "5"], {
      timeoutMs: 60_000,
    });
    const lines = parseJsonLines(r.stdout);
    const results = lines.filter((l) => l.type === "result");
    const skipped = lines.filter((l) => l.type === "skipped");
    assert.equal(results.length + skipped.length, 4, r.stdout);
    assert.ok(results.length >= 1, `nothing ran: ${r.stdout}`);
    for (const s of skipped) assert.ok(typeof s.reason === "string" && s.reason.length > 0);
    for (const res of results) {
      assert.equal(res.scenario, "my-consumer-stop");
      assert.equal(res.verdict, "pass", JSON.stringify(res));
      const details = res.details as { notes: string[]; sent: number; processed: number };
      assert.equal(details.sent, 40);
      if (res.variant === "buggy") {
        assert.ok((res.lostMessages as number) > 0);
        assert.equal(details.processed + (res.lostMessages as number), 40);
      } else {
        assert.equal(res.lostMessages, 0);
        assert.equal(details.processed, 40);
      }
    }
    assert.equal(r.code, 0, r.stderr);
  });
});
