import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type ChildEnd, ChildReport, runOutcome } from "../../src/repro/child-report.ts";
import type { ChildState } from "../../src/repro/child-protocol.ts";
import type { RunSpec } from "../../src/repro/run-spec.ts";
import type { ScenarioInfo } from "../../src/repro/scenario-info.ts";

const scenario: ScenarioInfo = {
  name: "s",
  title: "s",
  source: { documented: "", reports: [] },
  symptom: "",
  fix: "",
  usesEngine: false,
  defaultIterations: 1,
  deadlines: {},
  forms: [
    { variant: "buggy", form: "hangs", description: "", reproduces: ["hangs"], text: "" },
    { variant: "fixed", form: "clean", description: "", reproduces: [], text: "" },
  ],
};
const deadlines = { setup: 1000, run: 2000, shutdown: 600, exit: 700 };
const spec = (formIndex: number): RunSpec => ({
  scenario,
  formIndex,
  engine: "zmtp",
  runtime: "node",
  iterations: 3,
  seed: 7,
  deadlines,
});
const end = (e: Partial<ChildEnd>): ChildEnd => ({
  code: 0,
  signal: null,
  at: 1000,
  wallClock: 1_700_000_000_000,
  ...e,
});

/** A report that went through every phase (the times are performance.now() values). */
function throughPhases(until: "setup" | "run" | "shutdown" | "exit"): ChildReport {
  const r = new ChildReport(0);
  const order = ["setup", "run", "shutdown", "exit"] as const;
  for (let i = 0; i <= order.indexOf(until); i++) {
    assert.equal(r.apply({ t: "phase", phase: order[i] }, 100 * (i + 1)), order[i]);
  }
  return r;
}

const stateWithPending = (since: number): ChildState => ({
  registry: {
    at: since,
    sockets: [],
    pending: [{ owner: "drain task", operation: "wait for the final message", since }],
  },
  sent: 20,
  processed: 19,
  lost: 1,
  lostRanges: ["19"],
});

describe("repro child report", () => {
  it("repro child report - a clean child that ends by itself in exit: counts zero, the fixed form passes, phase times kept", () => {
    const r = throughPhases("exit");
    const o = runOutcome(spec(1), r, end({ at: 450 }));
    assert.equal(o.kind, "result");
    if (o.kind !== "result") return;
    assert.deepEqual([o.result.verdict, o.result.reproduced, o.result.hangs, o.result.errors], ["pass", false, 0, 0]);
    assert.deepEqual(o.result.details.phaseMs, { start: 100, setup: 100, run: 100, shutdown: 100, exit: 50 });
    assert.equal(o.result.durationMs, 450);
    assert.equal(o.result.details.expected, "clean");
  });

  it("repro child report - a deadline hang is named with the pending operations of the child's state, in the one pending shape", () => {
    const r = throughPhases("shutdown");
    r.deadlinePassed(600);
    const started = 1_700_000_000_000 - 800;
    r.apply({ t: "state", state: stateWithPending(started) }, 950);
    const o = runOutcome(spec(0), r, end({ code: null, signal: "SIGKILL" }));
    assert.equal(o.kind, "result");
    if (o.kind !== "result") return;
    assert.deepEqual(o.result.details.hang?.pending, [{
      owner: "drain task",
      operation: "wait for the final message",
      since: new Date(started).toISOString(),
      pendingMs: 800,
    }]);
    assert.deepEqual([o.result.hangs, o.result.crashes, o.result.lostMessages, o.result.verdict], [1, 0, 1, "pass"]);
    assert.equal(o.result.details.hang?.phase, "shutdown");
    assert.equal(o.result.details.hang?.reason, "deadline");
  });

  it("repro child report - an emptied event loop before a phase ended is a deadlock hang, not an exit error", () => {
    const r = throughPhases("run");
    r.apply({ t: "drained", phase: "run" }, 300);
    const o = runOutcome(spec(0), r, end({ code: 0, at: 320 }));
    if (o.kind !== "result") return assert.fail("a skip");
    assert.equal(o.result.details.hang?.reason, "deadlock");
    assert.equal(o.result.details.hang?.deadlineMs, 2000);
    assert.equal(o.result.errors, 0);
  });

  it("repro child report - a signal is a crash, with the runtime's line; an early exit is an error naming the phase and the error line", () => {
    const crashed = throughPhases("run");
    crashed.stderrText("about to abort\nSegmentation fault (core dumped)\n");
    const c = runOutcome(spec(1), crashed, end({ code: null, signal: "SIGSEGV" }));
    if (c.kind !== "result") return assert.fail("a skip");
    assert.equal(c.result.crashes, 1);
    assert.equal(c.result.details.crash?.signal, "SIGSEGV");
    assert.equal(c.result.details.crash?.phase, "run");
    assert.equal(c.result.verdict, "fail");

    const exited = throughPhases("run");
    exited.stderrText("at foo\nTypeError: x is not a function\n    at bar (a.js:1)\n");
    const e = runOutcome(spec(1), exited, end({ code: 3 }));
    if (e.kind !== "result") return assert.fail("a skip");
    assert.deepEqual(e.result.details.errors, [{
      phase: "run",
      message:
        "the child exited with code 3 during run, before the phase ended (process.exit?): TypeError: x is not a function",
    }]);
  });

  it("repro child report - a child killed because repro was stopped is interrupted, failed and not judged", () => {
    const r = throughPhases("run");
    const o = runOutcome(spec(0), r, end({ code: null, signal: "SIGKILL", stoppedBy: "SIGINT" }));
    if (o.kind !== "result") return assert.fail("a skip");
    assert.deepEqual([o.result.interrupted, o.result.verdict, o.result.reproduced, o.result.crashes], [
      true,
      "fail",
      false,
      0,
    ]);
    assert.equal(o.result.details.interruptedBy, "SIGINT");
  });

  it("repro child report - a skip wins over everything; notes and output are bounded; rejections counted with their messages", () => {
    const r = throughPhases("setup");
    for (let i = 0; i < 30; i++) r.apply({ t: "note", text: `n${i}` }, 150);
    for (let i = 0; i < 30; i++) r.outputLine(`line ${i}`);
    r.outputLine("   ");
    r.apply({ t: "rejection", message: "Error: boom" }, 150);
    r.apply({ t: "rejection" }, 150);
    const judged = runOutcome(spec(1), r, end({}));
    if (judged.kind !== "result") return assert.fail("a skip");
    assert.equal(judged.result.details.notes.length, 20);
    assert.deepEqual(judged.result.details.output, Array.from({ length: 20 }, (_, i) => `line ${i + 10}`));
    assert.equal(judged.result.unhandledRejections, 2);
    assert.deepEqual(judged.result.details.rejections, ["Error: boom"]);
    const skipped = throughPhases("setup");
    skipped.apply({ t: "skip", reason: "no native engine here" }, 150);
    assert.deepEqual(runOutcome(spec(1), skipped, end({ code: 0 })), { kind: "skip", reason: "no native engine here" });
  });

  it("repro child report - a child that never reached setup is one error, not a hang, nor a crash by zmqdiag's kill", () => {
    const r = new ChildReport(0);
    r.deadlinePassed(30_000);
    assert.equal(r.hang, undefined);
    const o = runOutcome(spec(1), r, end({ code: null, signal: "SIGKILL" }));
    if (o.kind !== "result") return assert.fail("a skip");
    assert.deepEqual([o.result.errors, o.result.crashes, o.result.hangs], [1, 0, 0]);
    assert.equal(o.result.details.crash, undefined);
    assert.deepEqual(o.result.details.errors, [{
      phase: "start",
      message: "the child did not reach setup within 30000 ms",
    }]);
  });
});
