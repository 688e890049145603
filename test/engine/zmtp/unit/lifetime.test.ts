// Process lifetime, in real child processes under the runtime the tests run on: closing zmtp
// sockets leaves nothing that keeps a process alive; an idle socket does not hold it either;
// a pending receive does (as with zeromq.js); close() lingers to deliver what was sent.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createZmtpEngine } from "../../../../src/engine/zmtp/index.ts";
import { runtimeName } from "../../../../src/runtime/runtime-name.ts";
import { projectRoot } from "../../../../src/runtime/project-paths.ts";
import { receiveWithin } from "../helpers/bounded.ts";
import { Cleanup } from "../../../helpers/cleanup.ts";

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "process-lifetime.ts");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when it was still running at the deadline (and was killed). */
  hung: boolean;
}

function runFixture(args: string[], deadlineMs: number): Promise<Run> {
  const rt = runtimeName();
  const bin = (n: string) => path.join(projectRoot, "node_modules", ".bin", n);
  const cmd: [string, string[]] = rt === "deno"
    ? [bin("deno"), ["run", "-A", "--quiet", fixture, ...args]]
    : rt === "bun"
    ? [process.execPath, [fixture, ...args]]
    : [process.execPath, ["--import", "tsx", fixture, ...args]];
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd[1], { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    let hung = false;
    const t = setTimeout(() => {
      hung = true;
      child.kill("SIGKILL");
    }, deadlineMs);
    child.on("close", (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr, hung });
    });
  });
}

describe("zmtp process lifetime", () => {
  it("lifetime - a process that closed its sockets exits by itself, pending receives settled with EBADF", async () => {
    const r = await runFixture(["closed"], 8000);
    assert.equal(r.hung, false, `still running; stdout=${r.stdout} stderr=${r.stderr}`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /got hello\npending receive settled with EBADF\nclosed/);
  });

  it("lifetime - open but idle sockets do not keep a process alive", async () => {
    const r = await runFixture(["idle"], 8000);
    assert.equal(r.hung, false, `still running; stdout=${r.stdout} stderr=${r.stderr}`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /idle/);
  });

  it("lifetime - a pending receive keeps the process alive", async () => {
    const r = await runFixture(["pending"], 2500);
    assert.match(r.stdout, /waiting/, r.stderr);
    assert.equal(r.hung, true, "the process should still wait for its message");
  });

  it("lifetime - close() right after sending still delivers every message (linger)", async () => {
    const c = new Cleanup();
    try {
      const pull = c.add(createZmtpEngine().socket("pull", { linger: 0 }));
      const ep = await pull.bind("tcp://127.0.0.1:0");
      const run = runFixture(["linger", ep], 8000);
      const got: string[] = [];
      for (let i = 0; i < 1000; i++) got.push((await receiveWithin(pull, 5000, `message ${i}`))[0].toString());
      const r = await run;
      assert.equal(r.hung, false, `still running; stderr=${r.stderr}`);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(got.length, 1000);
      assert.equal(got[999], "m999");
    } finally {
      await c.run();
    }
  });
});
