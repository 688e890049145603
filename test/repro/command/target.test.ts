import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { kindOfExecutable, readShebang, targetFor } from "../../../src/repro/command/target.ts";
import { modulePathFor } from "../../../src/runtime/project-paths.ts";

describe("repro command target", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqdiag-target-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const script = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text, { mode: 0o755 });
    return p;
  };

  it("repro command target - the executable's name tells the language", () => {
    assert.equal(kindOfExecutable("node"), "node");
    assert.equal(kindOfExecutable("/usr/local/bin/deno"), "deno");
    assert.equal(kindOfExecutable("bun"), "bun");
    assert.equal(kindOfExecutable("node_modules/bun/bin/bun.exe"), "bun");
    assert.equal(kindOfExecutable("/usr/bin/python3.11"), "python");
    assert.equal(kindOfExecutable("python"), "python");
    assert.equal(kindOfExecutable("./server"), "other");
    assert.equal(kindOfExecutable("pythonista"), "other");
  });

  it("repro command target - node and bun get the preload first, with the entry of the rejections mode", () => {
    assert.deepEqual(targetFor(["node", "app.mjs", "--port", "1"], "keep").argv, [
      "node",
      "--import",
      modulePathFor("node", "src/preload/entry-keep.ts"),
      "app.mjs",
      "--port",
      "1",
    ]);
    assert.deepEqual(targetFor(["bun", "run", "app.ts"], "count").argv, [
      "bun",
      "--preload",
      modulePathFor("bun", "src/preload/entry-count.ts"),
      "run",
      "app.ts",
    ]);
  });

  it("repro command target - deno gets it on run, and on the short form deno app.ts", () => {
    const pre = modulePathFor("deno", "src/preload/entry-keep.ts");
    assert.deepEqual(targetFor(["deno", "run", "-A", "app.ts"], "keep").argv, [
      "deno",
      "run",
      "--preload",
      pre,
      "-A",
      "app.ts",
    ]);
    assert.deepEqual(targetFor(["deno", "app.ts"], "keep").argv, ["deno", "run", "--preload", pre, "app.ts"]);
    const task = targetFor(["deno", "task", "start"], "keep");
    assert.deepEqual(task.argv, ["deno", "task", "start"]);
    assert.match(task.noPreload ?? "", /deno task/);
  });

  it("repro command target - a script whose shebang names a runtime runs through it, with the preload", () => {
    const js = script("tool", "#!/usr/bin/env node\nconsole.log(1)\n");
    assert.deepEqual(readShebang(js), ["node"]);
    assert.deepEqual(targetFor([js, "x"], "keep").argv, [
      "node",
      "--import",
      modulePathFor("node", "src/preload/entry-keep.ts"),
      js,
      "x",
    ]);
    const deno = script("dtool", "#!/usr/bin/env -S deno run -A\n");
    assert.deepEqual(targetFor([deno], "keep").argv.slice(0, 4), [
      "deno",
      "run",
      "--preload",
      modulePathFor("deno", "src/preload/entry-keep.ts"),
    ]);
    const py = script("pytool", "#!/usr/bin/python3 -u\nprint(1)\n");
    const t = targetFor([py], "keep");
    assert.equal(t.kind, "python");
    assert.deepEqual(t.argv, ["/usr/bin/python3", "-u", py]);
  });

  it("repro command target - another program is run as given", () => {
    const sh = script("run.sh", "#!/bin/sh\necho hi\n");
    assert.deepEqual(targetFor([sh, "a"], "keep"), { kind: "other", command: [sh, "a"], argv: [sh, "a"] });
    assert.equal(readShebang(path.join(dir, "missing")), undefined);
  });
});
