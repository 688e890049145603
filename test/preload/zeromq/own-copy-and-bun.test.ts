import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { projectRoot } from "../../../src/runtime/project-paths.ts";
import { bunBin, fixture, nodeBin, runProgram } from "./run-program.ts";

const program = `// A program with its own copy of zeromq.js, in its own node_modules.
import { Pull } from "zeromq";

const pull = new Pull();
await pull.bind("tcp://127.0.0.1:0");
await pull.receive();
`;

describe("preload zeromq - the copy a program loads, and Bun", () => {
  let dir = "";

  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "zmqdiag-own-copy-")));
    const modules = path.join(dir, "node_modules");
    const installed = path.join(projectRoot, "node_modules");
    // A real copy (not a link, which Node would resolve back to the project's own package);
    // only this platform's addons, to keep it small.
    fs.cpSync(path.join(installed, "zeromq"), path.join(modules, "zeromq"), {
      recursive: true,
      filter: (src) =>
        !/[\\/]build[\\/](darwin|win32)\b|[\\/]build[\\/]linux[\\/](arm|arm64|ia32)\b|[\\/]zeromq[\\/]src\b/.test(src),
    });
    fs.symlinkSync(path.join(installed, "cmake-ts"), path.join(modules, "cmake-ts"), "dir");
    fs.writeFileSync(path.join(dir, "app.mjs"), program);
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("preload zeromq - a program's own zeromq.js copy is the one instrumented, with the program's lines", async () => {
    const r = await runProgram([nodeBin, path.join(dir, "app.mjs")], ["--timeout", "1500"]);
    const state = r.details.hang?.state?.zeromq;
    assert.ok(state, `no zeromq state: ${JSON.stringify(r.details)}`);
    assert.deepEqual(state.copies.map((c) => [c.root, c.version]), [[
      path.join(dir, "node_modules", "zeromq"),
      "6.8.0",
    ]]);
    assert.deepEqual(state.sockets.map((s) => [s.class, s.created, s.pending.map((p) => p.site)]), [[
      "Pull",
      `${path.join(dir, "app.mjs")}:4:14`,
      [`${path.join(dir, "app.mjs")}:6:12`],
    ]]);
  });

  it("preload zeromq - on Bun the report says zeromq.js cannot run there, and the crash has its cause", async () => {
    const r = await runProgram([bunBin, fixture("clean.mjs")]);
    assert.equal(r.crashes, 1);
    assert.deepEqual(r.details.notes, [
      "zeromq.js 6.8.0 loaded on Bun: it cannot run there (the first socket panics in uv_poll_init_socket, oven-sh/bun#18546), so it is not instrumented",
    ]);
  });
});
