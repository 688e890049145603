import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { denoBin, fixture, runProgram } from "./run-program.ts";

const deno = (name: string) => [denoBin, "run", "-A", fixture(name)];

describe("preload zeromq - Deno programs (zeromq.js loads there)", () => {
  it("preload zeromq - Deno: EBUSY caught is a concurrent-operation finding with both lines", async () => {
    const r = await runProgram(deno("ebusy-caught.mjs"));
    const f = fixture("ebusy-caught.mjs");
    assert.equal(r.unhandledRejections, 0);
    assert.deepEqual(r.details.findings.map((x) => [x.kind, x.detail.created, x.detail.site, x.detail.pendingSite]), [[
      "concurrent-operation",
      `${f}:5:14`,
      `${f}:12:14`,
      `${f}:10:20`,
    ]]);
  });

  it("preload zeromq - Deno: a receive abandoned to a timer is a lost message", async () => {
    const r = await runProgram(deno("receive-raced.mjs"));
    assert.equal(r.lostMessages, 1);
    assert.deepEqual(r.details.findings.map((x) => [x.kind, x.detail.site]), [[
      "abandoned-receive",
      `${fixture("receive-raced.mjs")}:11:40`,
    ]]);
  });

  it("preload zeromq - Deno: a clean program has no finding and no note", async () => {
    const r = await runProgram(deno("clean.mjs"));
    assert.equal(r.verdict, "pass");
    assert.deepEqual([r.details.findings, r.details.notes, r.lostMessages], [[], [], null]);
  });
});
