import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { projectRoot } from "../../../src/runtime/project-paths.ts";
import { denoBin, fixture, nodeBin, runProgram } from "./run-program.ts";

const twoSockets = fixture("rejections-two-sockets.mjs");
// The three rejections, in the order they come: [created line:column, receive line:column].
const expectedContexts = [
  `Pull created at ${twoSockets}:8:16: receive called at ${twoSockets}:14:8`,
  `Pull created at ${twoSockets}:7:15: receive called at ${twoSockets}:15:7`,
  `Pull created at ${twoSockets}:9:16: receive called at ${twoSockets}:16:8`,
];

describe("preload zeromq - what the program observes, and what its rejections carry", () => {
  it("preload zeromq - a receive's promise is zeromq.js's own: same class, same order against the program's microtasks as without the preload", async () => {
    const f = fixture("own-promise.mjs");
    const bare = spawnSync(nodeBin, [f], { cwd: projectRoot, encoding: "utf8", timeout: 30_000 });
    assert.equal(bare.status, 0, bare.stderr);
    const r = await runProgram([nodeBin, f]);
    assert.equal(r.verdict, "pass");
    const output = (r.details as unknown as { output: { stdout: string[] } }).output.stdout;
    assert.deepEqual(output, [bare.stdout.trim()]);
    assert.deepEqual(JSON.parse(output[0]), {
      isPromise: true,
      ctor: "Promise",
      order: ["receive one", "microtask 1", "microtask 2"],
    });
  });

  it("preload zeromq - Node: three unhandled rejections that read the same are each traced to their own socket and line (two timeouts, one close)", async () => {
    const r = await runProgram([nodeBin, twoSockets], ["--rejections", "count"]);
    assert.equal(r.unhandledRejections, 3);
    assert.deepEqual(r.details.rejections.map((x) => x.context), expectedContexts);
    for (const x of r.details.rejections) assert.match(x.message, /EAGAIN|timed out/);
  });

  // zeromq.js crashes on Deno when a receive timeout is set: there, two sockets closed while receiving.
  it("preload zeromq - Deno: two unhandled rejections that read the same are each traced to their own socket and line", async () => {
    const f = fixture("rejections-closed.mjs");
    const r = await runProgram([denoBin, "run", "-A", f], ["--rejections", "count"]);
    assert.equal(r.unhandledRejections, 2);
    assert.deepEqual(r.details.rejections.map((x) => x.context), [
      `Pull created at ${f}:8:11: receive called at ${f}:11:3`,
      `Pull created at ${f}:7:11: receive called at ${f}:12:3`,
    ]);
  });
});
