import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { denoBin, fixture, nodeBin, type ProgramResult, runProgram } from "./run-program.ts";

const endpoint = /tcp:\/\/127\.0\.0\.1:\d+/;

function assertSubscriberHang(r: ProgramResult): void {
  assert.equal(r.hangs, 1);
  assert.deepEqual(r.details.findings, []);
  const state = r.details.hang?.state?.zeromq;
  assert.ok(state, `no zeromq state: ${JSON.stringify(r.details.hang)}`);
  assert.equal(state.sockets.length, 1);
  const [sub] = state.sockets;
  assert.equal(sub.class, "Subscriber");
  assert.equal(sub.created, `${fixture("subscriber-left-open.mjs")}:7:15`);
  assert.equal(sub.endpoints.length, 1);
  assert.equal(sub.endpoints[0].how, "connect");
  assert.match(sub.endpoints[0].address, endpoint);
  assert.equal(sub.endpoints[0].site, `${fixture("subscriber-left-open.mjs")}:8:7`);
  assert.equal(sub.pending.length, 1);
  assert.equal(sub.pending[0].operation, "receive");
  assert.equal(sub.pending[0].site, `${fixture("subscriber-left-open.mjs")}:11:31`);
  assert.equal(sub.pending[0].keepsAlive, true);
  assert.ok(sub.pending[0].pendingMs >= 500, `pending for ${sub.pending[0].pendingMs} ms`);
  const f = fixture("subscriber-left-open.mjs").replace(/\./g, "\\.");
  const line = new RegExp(
    `^Subscriber created at ${f}:7:15, connected tcp://127\\.0\\.0\\.1:\\d+, receive pending \\d+(\\.\\d)? m?s \\(${f}:11:31\\), never closed, keeps the event loop alive$`,
  );
  assert.match(sub.line, line);
  // The hang report's pending list is the same line (repro -- reads every provider's "pending").
  assert.equal(r.details.hang?.pending.length, 1);
  assert.match(r.details.hang!.pending[0], line);
}

describe("preload zeromq - hangs and exits", () => {
  it("preload zeromq - a Subscriber left open (ESM, Node): the hang names class, endpoint, creation and receive lines", async () => {
    assertSubscriberHang(await runProgram([nodeBin, fixture("subscriber-left-open.mjs")], ["--timeout", "1500"]));
  });

  it("preload zeromq - the same program on Deno, where zeromq.js loads", async () => {
    assertSubscriberHang(
      await runProgram([denoBin, "run", "-A", fixture("subscriber-left-open.mjs")], ["--timeout", "2500"]),
    );
  });

  it("preload zeromq - sockets whose receive and send completed: the hang lists them open with nothing pending", async () => {
    const f = fixture("received-then-busy.mjs");
    const r = await runProgram([nodeBin, f], ["--timeout", "1500"]);
    assert.equal(r.hangs, 1);
    const sockets = r.details.hang?.state?.zeromq?.sockets ?? [];
    assert.deepEqual(sockets.map((s) => [s.class, s.created, s.pending, s.keepsAlive]), [
      ["Pull", `${f}:6:14`, [], false],
      ["Push", `${f}:8:14`, [], false],
    ]);
    assert.match(sockets[0].line, /^Pull created at .*, bound tcp:\/\/127\.0\.0\.1:\d+, never closed$/);
  });

  it("preload zeromq - a CommonJS Dealer whose send waits: the hang names the send line", async () => {
    const r = await runProgram([nodeBin, fixture("dealer-left-open.cjs")], ["--timeout", "1500"]);
    assert.equal(r.hangs, 1);
    const [dealer] = r.details.hang?.state?.zeromq?.sockets ?? [];
    assert.equal(dealer?.class, "Dealer");
    assert.equal(dealer.created, `${fixture("dealer-left-open.cjs")}:5:18`);
    assert.deepEqual(dealer.endpoints.map((e) => [e.how, e.address, e.site]), [[
      "connect",
      "tcp://127.0.0.1:9",
      `${fixture("dealer-left-open.cjs")}:6:10`,
    ]]);
    assert.deepEqual(dealer.pending.map((p) => [p.operation, p.site, p.keepsAlive]), [[
      "send",
      `${fixture("dealer-left-open.cjs")}:7:16`,
      true,
    ]]);
  });

  it("preload zeromq - a `for await` loop left waiting is an async iterator operation at the loop's line", async () => {
    const r = await runProgram([nodeBin, fixture("iterator-left-open.mjs")], ["--timeout", "1500"]);
    const [pull] = r.details.hang?.state?.zeromq?.sockets ?? [];
    assert.equal(pull?.class, "Pull");
    assert.equal(pull.created, `${fixture("iterator-left-open.mjs")}:4:14`);
    assert.deepEqual(pull.pending.map((p) => [p.operation, p.site]), [[
      "async iterator",
      `${fixture("iterator-left-open.mjs")}:6:26`,
    ]]);
  });

  it("preload zeromq - a socket never closed at a clean exit is a note, not a finding", async () => {
    const r = await runProgram([nodeBin, fixture("unclosed.mjs")]);
    assert.equal(r.verdict, "pass");
    assert.deepEqual(r.details.findings, []);
    assert.equal(r.details.notes.length, 1);
    assert.match(
      r.details.notes[0],
      new RegExp(
        `^1 zeromq\\.js socket\\(s\\) never closed: Push created at ${
          fixture("unclosed.mjs").replace(/\./g, "\\.")
        }:5:14, bound tcp://127\\.0\\.0\\.1:\\d+, never closed$`,
      ),
    );
  });

  it("preload zeromq - a clean program: no finding, no note, lost messages not known", async () => {
    const r = await runProgram([nodeBin, fixture("clean.mjs")]);
    assert.equal(r.code, 0);
    assert.equal(r.verdict, "pass");
    assert.deepEqual(r.details.findings, []);
    assert.deepEqual(r.details.notes, []);
    assert.equal(r.lostMessages, null);
    assert.equal(r.summary.lostMessages, null);
  });
});

describe("preload zeromq - sites of calls that settled at once", () => {
  it("preload zeromq - a receive after a run of immediate ones shows the last line seen, marked as not its own", async () => {
    const r = await runProgram([nodeBin, fixture("busy-then-idle.mjs")], ["--timeout", "2500"]);
    const f = fixture("busy-then-idle.mjs");
    const [pull] = r.details.hang?.state?.zeromq?.sockets ?? [];
    assert.equal(pull?.class, "Pull");
    assert.deepEqual(pull.pending.map((p) => [p.operation, p.site, p.siteExact]), [["receive", `${f}:12:42`, false]]);
    assert.match(
      pull.line,
      new RegExp(
        `receive pending [\\d.]+ m?s \\(its own line not captured; this socket's last receive was at ${
          f.replace(/\./g, "\\.")
        }:12:42\\)`,
      ),
    );
  });
});
