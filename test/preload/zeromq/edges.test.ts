import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { projectRoot } from "../../../src/runtime/project-paths.ts";
import { fixture, nodeBin, runProgram } from "./run-program.ts";

const stdoutOf = (r: { details: unknown }) => (r.details as { output: { stdout: string[] } }).output.stdout;

describe("preload zeromq - edges a review found", () => {
  it("preload zeromq - Promise.race and Promise.any given a non-iterable or a throwing iterable settle as without the preload", async () => {
    const f = fixture("races-as-native.mjs");
    const bare = spawnSync(nodeBin, [f], { cwd: projectRoot, encoding: "utf8", timeout: 30_000 });
    assert.equal(bare.status, 0, bare.stderr);
    assert.deepEqual(bare.stdout.trim().split("\n").map((l) => l.split(":")[0]), [
      "rejected TypeError",
      "rejected TypeError",
      "rejected Error",
      "rejected Error",
    ]);
    const r = await runProgram([nodeBin, f]);
    assert.deepEqual(stdoutOf(r), bare.stdout.trim().split("\n"));
  });

  it("preload zeromq - a receive with its message waiting, raced behind an entrant settled already, is abandoned", async () => {
    const f = fixture("race-message-waiting.mjs");
    const r = await runProgram([nodeBin, f]);
    assert.deepEqual(stdoutOf(r), ["race took stop"]);
    assert.equal(r.lostMessages, 1);
    assert.deepEqual(r.details.findings.map((x) => [x.kind, x.detail.site]), [["abandoned-receive", `${f}:12:46`]]);
  });

  it("preload zeromq - rejections found after the program moved on: 18 sockets closed at once, and a call's rejection reported after the next call", async () => {
    const f = fixture("rejections-late.mjs");
    const r = await runProgram([nodeBin, f], ["--rejections", "count"]);
    assert.equal(r.unhandledRejections, 20);
    const closed = `Pull created at ${f}:10:16: receive called at ${f}:14:32`;
    const timedOut = `Pull created at ${f}:19:15: receive called at ${f}:22:27`;
    assert.deepEqual(r.details.rejections.map((x) => x.context), [...Array(18).fill(closed), timedOut, timedOut]);
  });

  it("preload zeromq - a rejection of a call whose own line was not captured says so, and names the last line seen", async () => {
    const f = fixture("rejection-line-not-captured.mjs");
    const r = await runProgram([nodeBin, f]);
    assert.equal(r.unhandledRejections, 1);
    assert.equal(
      r.details.rejections[0].context,
      `Pull created at ${f}:7:14: receive called (its own line not captured; this socket's last receive was at ${f}:13:12)`,
    );
  });

  it("preload zeromq - a program that replaces the global Promise: its pending receive is still seen", async () => {
    const f = fixture("own-promise-class.mjs");
    const r = await runProgram([nodeBin, f], ["--timeout", "1500"]);
    assert.equal(r.hangs, 1);
    const [pull] = r.details.hang?.state?.zeromq?.sockets ?? [];
    assert.deepEqual(pull?.pending.map((p) => [p.operation, p.site, p.keepsAlive]), [["receive", `${f}:8:12`, true]]);
  });
});
