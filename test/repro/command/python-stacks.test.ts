import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { frameText, parseFaulthandlerDump } from "../../../src/repro/command/python-stacks.ts";
import { pythonInfo } from "../../helpers/python.ts";

// A real dump: a worker thread blocked in an Event's wait, the main thread dumping from report().
const program = `
import faulthandler, sys, threading
ready = threading.Event()
stop = threading.Event()
def worker():
    ready.set()
    stop.wait()
t = threading.Thread(target=worker, daemon=True)
t.start()
ready.wait()
def report():
    faulthandler.dump_traceback(file=sys.stdout, all_threads=True)
report()
`;

describe("repro command python stacks", () => {
  const py = pythonInfo();

  it("repro command python stacks - every thread with its frames, the main thread first, innermost call first", {
    skip: py.skipPython,
  }, () => {
    const r = spawnSync(py.python!, ["-c", program], { encoding: "utf8", timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    const threads = parseFaulthandlerDump(r.stdout);
    assert.equal(threads.length, 2);
    assert.deepEqual(threads[0].frames.map((f) => f.function), ["report", "<module>"]);
    assert.equal(threads[0].frames[0].file, "<string>");
    assert.equal(threads[0].frames[0].line, 12);
    assert.equal(threads[1].frames[0].function, "wait");
    assert.ok(threads[1].frames.some((f) => f.function === "worker"));
    assert.match(threads[1].thread, /^0x[0-9a-f]+/);
    assert.equal(frameText(threads[0].frames[0]), "<string>:12 in report");
  });

  it("repro command python stacks - text without a dump has no threads", () => {
    assert.deepEqual(parseFaulthandlerDump("Traceback (most recent call last):\nValueError: x\n"), []);
  });
});
