import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { commandOutcome, errorLine, type Observed } from "../../../src/repro/command/command-outcome.ts";
import type { CommandHang } from "../../../src/repro/command/command-result.ts";
import type { CommandRunSpec } from "../../../src/repro/command/command-run-spec.ts";
import { LineTail } from "../../../src/repro/command/line-tail.ts";

const spec = (more: Partial<CommandRunSpec> = {}): CommandRunSpec => ({
  target: { kind: "python", command: ["python3", "app.py"], argv: ["python3", "app.py"] },
  iteration: 2,
  runMs: 10_000,
  stopSignal: "SIGTERM",
  exitMs: 2000,
  rejections: "keep",
  ...more,
});

/** A stream that was fed `text` and ended, as run-command.ts leaves it. */
function tail(text: string): LineTail {
  const t = new LineTail(() => false);
  t.push(text);
  t.end();
  return t;
}

/** What run-command.ts would have observed of a run that ended with `exit`. */
const observed = (o: Partial<Observed>): Observed => ({
  spec: spec(),
  stopped: false,
  rejectionCount: 0,
  rejections: [],
  findings: [],
  notes: [],
  stdout: tail(""),
  stderr: tail(""),
  durationMs: 40,
  ...o,
});

const counts = (r: ReturnType<typeof commandOutcome>) => [
  r.unhandledRejections,
  r.hangs,
  r.crashes,
  r.errors,
  r.verdict,
];

describe("repro command outcome", () => {
  it("repro command outcome - exit 0 passes with every count zero and lost messages null", () => {
    const r = commandOutcome(observed({ exit: { t: "exit", code: 0, signal: null }, stdout: tail("hello\n") }));
    assert.deepEqual(counts(r), [0, 0, 0, 0, "pass"]);
    assert.equal(r.lostMessages, null);
    assert.deepEqual([r.iteration, r.durationMs, r.details.exitCode, r.details.signal], [2, 40, 0, null]);
    assert.deepEqual(r.details.output, { stdout: ["hello"], stderr: [] });
    assert.deepEqual(r.details.deadlines, { runMs: 10_000 });
  });

  it("repro command outcome - a hang killed by zmqdiag is one hang, not also a crash or an error", () => {
    const hang: CommandHang = {
      phase: "run",
      deadlineMs: 10_000,
      elapsedMs: 10_004,
      stacks: [],
      pending: [],
      processes: [],
    };
    const r = commandOutcome(observed({ hang, exit: { t: "exit", code: null, signal: "SIGKILL" } }));
    assert.deepEqual(counts(r), [0, 1, 0, 0, "fail"]);
    assert.equal(r.details.hang, hang);
    assert.equal(r.details.crash, undefined);
  });

  it("repro command outcome - the stop signal's own end is clean; a signal that is not it is a crash with its cause", () => {
    const stop = spec({ stopAfterMs: 500 });
    const stopped = commandOutcome(
      observed({ spec: stop, stopped: true, exit: { t: "exit", code: 143, signal: null } }),
    );
    assert.deepEqual(counts(stopped), [0, 0, 0, 0, "pass"]);
    assert.deepEqual(stopped.details.deadlines, { runMs: 500, stopAfterMs: 500, exitMs: 2000 });
    const assertion = "Assertion failed: !_more (src/mailbox.cpp:99)";
    const crashed = commandOutcome(
      observed({ exit: { t: "exit", code: null, signal: "SIGABRT" }, stderr: tail(`${assertion}\n`) }),
    );
    assert.deepEqual(counts(crashed), [0, 0, 1, 0, "fail"]);
    assert.deepEqual(crashed.details.crash, {
      signal: "SIGABRT",
      line: assertion,
      cause: "a ZeroMQ socket or context used from several threads at once",
    });
  });

  it("repro command outcome - a non-zero exit is an error naming its line; a command that never started is one error", () => {
    const failed = commandOutcome(observed({
      exit: { t: "exit", code: 3, signal: null },
      stderr: tail('Traceback (most recent call last):\n  File "app.py", line 1\nValueError: bad port\n'),
    }));
    assert.deepEqual(counts(failed), [0, 0, 0, 1, "fail"]);
    assert.deepEqual(failed.details.error, { message: "exited with code 3: ValueError: bad port", exitCode: 3 });
    const never = commandOutcome(observed({ notes: ["the command did not start within 30000 ms"] }));
    assert.deepEqual(counts(never), [0, 0, 0, 1, "fail"]);
    assert.deepEqual(never.details.error, {
      message: "the command never started or zmqdiag lost its supervisor",
      exitCode: null,
    });
    assert.deepEqual(never.details.notes, ["the command did not start within 30000 ms"]);
    const missing = commandOutcome(observed({ spawnError: { t: "spawn-error", code: "ENOENT", message: "spawn" } }));
    assert.deepEqual(missing.details.error, { message: "could not start python3: ENOENT", exitCode: null });
  });

  it("repro command outcome - a JS program ended by its first rejection (exit 1) is that rejection, not also an error", () => {
    const js = spec({ target: { kind: "node", command: ["node", "a.mjs"], argv: ["node", "a.mjs"] } });
    const r = commandOutcome(observed({
      spec: js,
      jsPid: 4242,
      rejectionCount: 1,
      rejections: [{ message: "Error: boom" }],
      exit: { t: "exit", code: 1, signal: null },
    }));
    assert.deepEqual(counts(r), [1, 0, 0, 0, "fail"]);
    assert.deepEqual(r.details.notes, [
      "the program ended at its first unhandled rejection (exit 1), as node does; --rejections count keeps it running and counts every one",
    ]);
  });

  it("repro command outcome - the error line is the last exception line, else the last line", () => {
    assert.equal(
      errorLine("starting\nTypeError: x is not a function\n    at main (a.mjs:3)\n"),
      "TypeError: x is not a function",
    );
    assert.equal(errorLine("one\ntwo\n\n"), "two");
    assert.equal(errorLine(""), undefined);
  });
});
