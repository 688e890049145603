import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { pythonInfo } from "../../helpers/python.ts";
import { counts, reproCommand } from "./command-helpers.ts";

const none = { unhandledRejections: 0, hangs: 0, lostMessages: null, crashes: 0, errors: 0 };

describe("repro command Python program", () => {
  const py = pythonInfo();

  it(
    "repro command Python program - each never-retrieved asyncio exception is one rejection",
    { skip: py.skipPython },
    async () => {
      const { results, summary } = await reproCommand([], [py.python!, "fixtures/command/asyncio_unretrieved.py"]);
      assert.deepEqual(counts(results[0]), { ...none, unhandledRejections: 4, verdict: "fail" });
      assert.equal(results[0].details.kind, "python");
      assert.equal(
        results[0].details.rejections[3].message,
        "Task exception was never retrieved: ConnectionError: peer went away",
      );
      assert.match(results[0].details.rejections[3].stack, /in fail_later/);
      assert.deepEqual(summary.runsWith, { rejection: 1 });
    },
  );

  it(
    "repro command Python program - a pyzmq receive abandoned until its timeout fails it: one rejection per occurrence",
    { skip: py.skipPyzmq },
    async () => {
      const { results } = await reproCommand([], [py.pyzmq!, "fixtures/command/pyzmq_abandoned_recv.py"]);
      assert.deepEqual(counts(results[0]), { ...none, unhandledRejections: 3, verdict: "fail" });
      for (const r of results[0].details.rejections) {
        assert.equal(
          r.message,
          "Future exception was never retrieved: zmq.error.Again: Resource temporarily unavailable",
        );
      }
      assert.deepEqual(results[0].details.output.stdout, ["pyzmq_abandoned_recv: done"]);
    },
  );

  it("repro command Python program - a SIGSEGV is a crash with its signal", { skip: py.skipPython }, async () => {
    const { cli, results } = await reproCommand([], [py.python!, "fixtures/command/python_segfault.py"]);
    assert.equal(cli.code, 1);
    assert.deepEqual(counts(results[0]), { ...none, crashes: 1, verdict: "fail" });
    assert.equal(results[0].details.crash.signal, "SIGSEGV");
    assert.deepEqual(results[0].details.output.stdout, ["python_segfault: about to die"]);
  });

  it(
    "repro command Python program - a pyzmq program hung in ctx.term() is a hang whose stacks show the thread blocked in term",
    { skip: py.skipPyzmq },
    async () => {
      const { results } = await reproCommand(["--timeout", "1500"], [py.pyzmq!, "fixtures/command/pyzmq_term_hang.py"]);
      assert.deepEqual(counts(results[0]), { ...none, hangs: 1, verdict: "fail" });
      const [main] = results[0].details.hang.stacks;
      assert.deepEqual(main.frames.map((f: { function: string }) => f.function), [
        "term",
        "shutdown",
        "main",
        "<module>",
      ]);
      assert.match(main.frames[0].file, /zmq\/sugar\/context\.py$/);
      assert.match(main.frames[1].file, /pyzmq_term_hang\.py$/);
      assert.equal(main.frames[1].line, 7);
    },
  );

  it("repro command Python program - the user's own sitecustomize still runs", { skip: py.skipPython }, async () => {
    const { results } = await reproCommand([], [py.python!, "-c", "print('program ran')"], {
      env: { PYTHONPATH: "fixtures/command/user-site" },
    });
    assert.deepEqual(results[0].details.output.stdout, ["user sitecustomize ran", "program ran"]);
    assert.equal(results[0].verdict, "pass");
  });
});
