import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MemoryChannel } from "../../src/scenarios/memory-channel.ts";
import { assertClean, reproRuns, resultOf } from "./repro-runs.ts";

describe("shielded-send-deadlock", () => {
  it("shielded-send-deadlock - skipping the shielded receiver loses the final message and hangs; delivering is clean", async () => {
    const runs = await reproRuns("shielded-send-deadlock", "none");
    const buggy = resultOf(runs, "buggy/skip-aborted-receiver");
    assert.equal(buggy.engine, "none");
    assert.equal(buggy.verdict, "pass", JSON.stringify(buggy.details));
    assert.equal(buggy.lostMessages, 1);
    assert.deepEqual(buggy.details.lostRanges, ["20"]);
    assert.equal(buggy.hangs, 1);
    assert.equal(buggy.details.hang?.phase, "run");
    assert.equal(buggy.details.hang?.pending.length, 2);
    assert.equal(buggy.unhandledRejections + buggy.crashes + buggy.errors, 0);
    assertClean(resultOf(runs, "fixed/deliver-to-waiting"));
  });

  it("shielded-send-deadlock - the channel hands a value to a shielded receiver whose task is aborted, unless told to skip it", async () => {
    for (const skip of [false, true]) {
      const channel = new MemoryChannel<string>({ skipReceiversWithPendingAbort: skip });
      const aborted = AbortSignal.abort();
      const received = channel.receive({ signal: aborted, shield: true, timeoutMs: 200 });
      assert.equal(channel.waitingReceivers, 1);
      const sent = channel.send("final", { timeoutMs: 200 });
      if (skip) {
        assert.equal(channel.waitingReceivers, 0, "the buggy send forgot the waiting receiver");
        await assert.rejects(received, { name: "TimeoutError" });
        await assert.rejects(sent, { name: "TimeoutError" });
      } else {
        assert.equal(await received, "final");
        await sent;
      }
    }
  });
});
