import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { type AsyncioMessage, AsyncioScanner } from "../../../src/repro/command/asyncio-messages.ts";
import { pythonInfo } from "../../helpers/python.ts";

function scan(text: string): AsyncioMessage[] {
  const found: AsyncioMessage[] = [];
  const s = new AsyncioScanner((m) => found.push(m));
  for (const line of text.split("\n")) s.line(line);
  s.flush();
  return found;
}

describe("repro command asyncio messages", () => {
  const py = pythonInfo();

  it(
    "repro command asyncio messages - one per occurrence in a real asyncio program's stderr, with its exception line",
    { skip: py.skipPython },
    () => {
      const r = spawnSync(py.python!, ["fixtures/command/asyncio_unretrieved.py"], {
        encoding: "utf8",
        timeout: 30_000,
      });
      assert.equal(r.status, 0, r.stderr);
      const found = scan(r.stderr);
      assert.deepEqual(found.map((m) => m.message), [
        "Future exception was never retrieved: TimeoutError: receive 0 timed out",
        "Future exception was never retrieved: TimeoutError: receive 1 timed out",
        "Future exception was never retrieved: TimeoutError: receive 2 timed out",
        "Task exception was never retrieved: ConnectionError: peer went away",
      ]);
      assert.match(found[3].stack, /line 8, in fail_later/);
    },
  );

  it("repro command asyncio messages - a pending task destroyed, between other output", () => {
    const found = scan([
      "serving",
      "Task was destroyed but it is pending!",
      "task: <Task pending name='Task-3' coro=<reader() running at app.py:12> wait_for=<Future pending>>",
      "next line of the program",
      "Future exception was never retrieved",
      "future: <Future finished exception=Again('Resource temporarily unavailable')>",
      "Traceback (most recent call last):",
      '  File "app.py", line 20, in recv',
      "    await sock.recv_string()",
      "zmq.error.Again: Resource temporarily unavailable",
      "bye",
    ].join("\n"));
    assert.deepEqual(found.map((m) => m.message), [
      "Task was destroyed but it is pending!: task: <Task pending name='Task-3' coro=<reader() running at app.py:12> wait_for=<Future pending>>",
      "Future exception was never retrieved: zmq.error.Again: Resource temporarily unavailable",
    ]);
  });
});
