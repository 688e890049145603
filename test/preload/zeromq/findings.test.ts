import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { projectRoot } from "../../../src/runtime/project-paths.ts";
import { fixture, nodeBin, runProgram } from "./run-program.ts";

describe("preload zeromq - findings", () => {
  it("preload zeromq - two receives on one Pull, the EBUSY caught: a concurrent-operation finding with both lines", async () => {
    const r = await runProgram([nodeBin, fixture("ebusy-caught.mjs")]);
    assert.equal(r.unhandledRejections, 0);
    assert.equal(r.errors, 0);
    assert.equal(r.verdict, "fail");
    assert.deepEqual(r.details.findings.map((f) => [f.kind, f.detail]), [["concurrent-operation", {
      socket: "Pull",
      created: `${fixture("ebusy-caught.mjs")}:5:14`,
      operation: "receive",
      site: `${fixture("ebusy-caught.mjs")}:12:14`,
      pendingSite: `${fixture("ebusy-caught.mjs")}:10:20`,
    }]]);
  });

  it("preload zeromq - two receive loops, the EBUSY uncaught: the finding, and the rejection carries both call sites", async () => {
    const r = await runProgram([nodeBin, fixture("ebusy-uncaught.mjs")]);
    const f = fixture("ebusy-uncaught.mjs");
    assert.deepEqual(r.details.findings.map((x) => [x.kind, x.detail.site, x.detail.pendingSite]), [[
      "concurrent-operation",
      `${f}:13:32`,
      `${f}:9:23`,
    ]]);
    assert.equal(r.unhandledRejections, 1);
    assert.match(r.details.rejections[0].message, /EBUSY/);
    assert.equal(
      r.details.rejections[0].context,
      `Pull created at ${f}:5:14: receive called at ${f}:13:32, while the receive called at ${f}:9:23 was still pending`,
    );
  });

  it("preload zeromq - receive timeouts, one caught and one not: the program sees what it sees without the preload, and the rejection carries its call site", async () => {
    const f = fixture("timeout-rejections.mjs");
    const bare = spawnSync(nodeBin, [f], { cwd: projectRoot, encoding: "utf8", timeout: 30_000 });
    assert.equal(bare.status, 1);
    assert.equal(bare.stdout, "caught EAGAIN\n");
    assert.match(bare.stderr, /code: 'EAGAIN'/);
    const r = await runProgram([nodeBin, f]);
    assert.equal(r.code, 1);
    assert.equal(r.unhandledRejections, 1);
    assert.deepEqual(r.details.findings, []);
    assert.match(r.details.rejections[0].message, /EAGAIN|timed out/);
    // The second receive follows one that waited 30 ms: its own line is captured.
    assert.equal(r.details.rejections[0].context, `Pull created at ${f}:5:14: receive called at ${f}:12:6`);
  });

  it("preload zeromq - a receive raced against a timer and abandoned: its message is counted as lost", async () => {
    const r = await runProgram([nodeBin, fixture("receive-raced.mjs")]);
    assert.equal(r.errors, 0);
    assert.equal(r.lostMessages, 1);
    assert.equal(r.summary.lostMessages, 1);
    assert.deepEqual(r.details.findings.map((x) => [x.kind, x.detail]), [["abandoned-receive", {
      socket: "Pull",
      created: `${fixture("receive-raced.mjs")}:5:14`,
      site: `${fixture("receive-raced.mjs")}:11:40`,
      lostMessages: 1,
    }]]);
  });

  it("preload zeromq - receives that win their race (one raced twice, one with its message waiting) are not abandoned", async () => {
    const r = await runProgram([nodeBin, fixture("receive-wins-races.mjs")]);
    assert.equal(r.verdict, "pass");
    assert.deepEqual([r.details.findings, r.lostMessages], [[], null]);
    const output = (r.details as unknown as { output: { stdout: string[] } }).output.stdout;
    assert.deepEqual(output, ["timeout late ready"]);
  });

  it("preload zeromq - a worker terminated with a receive pending: a finding naming the worker's socket, then the abort", async () => {
    const r = await runProgram([nodeBin, fixture("worker-terminated.mjs")]);
    assert.equal(r.crashes, 1);
    assert.equal(r.details.crash?.signal, "SIGABRT");
    assert.equal(r.details.findings.length, 1);
    const [finding] = r.details.findings;
    assert.equal(finding.kind, "worker-terminated-pending");
    assert.equal(finding.detail.worker, 1);
    assert.equal(finding.detail.waiting, 1);
    const sockets = finding.detail.sockets as Array<
      {
        class: string;
        worker: number;
        created: string;
        pending: Array<{ operation: string; site: string; pendingMs: number }>;
      }
    >;
    assert.deepEqual(sockets.map((s) => [s.class, s.worker, s.created]), [[
      "Pull",
      1,
      `${fixture("worker-receiver.mjs")}:5:14`,
    ]]);
    assert.deepEqual(sockets[0].pending.map((p) => [p.operation, p.site]), [[
      "receive",
      `${fixture("worker-receiver.mjs")}:8:12`,
    ]]);
    assert.ok(
      sockets[0].pending[0].pendingMs >= 50,
      `pending for ${sockets[0].pending[0].pendingMs} ms before terminate()`,
    );
  });

  it("preload zeromq - a worker terminated after its calls completed, sockets still open: no finding, no abort", async () => {
    const r = await runProgram([nodeBin, fixture("worker-done.mjs")]);
    assert.equal(r.verdict, "pass");
    assert.equal(r.crashes, 0);
    assert.deepEqual(r.details.findings, []);
  });
});
