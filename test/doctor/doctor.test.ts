import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseJsonLines, runCli } from "../helpers/cli.ts";
import { runtimeName, runtimeVersion } from "../../src/runtime/runtime-name.ts";
import { autoEngine } from "../../src/engine/load.ts";
import type { Json } from "../helpers/json.ts";

describe("doctor", () => {
  it("doctor - --json names the runtime, each engine's status, libzmq, loopback and what auto picks", async () => {
    const r = await runCli(["doctor", "--json"], { timeoutMs: 60_000 });
    const [d] = parseJsonLines(r.stdout) as Json[];
    assert.equal(d.type, "doctor");
    assert.deepEqual(d.runtime, { name: runtimeName(), version: runtimeVersion() });
    assert.equal(d.engines.native.probedIn, "child process");
    assert.equal(d.loopback["127.0.0.1"].status, "works");
    assert.equal(d.auto.engine, autoEngine());
    assert.equal(d.auto.works, d.engines[d.auto.engine].status === "works");
    assert.equal(d.autoStreaming.engine, "zmtp");
    assert.equal(d.autoStreaming.works, d.engines.zmtp.status === "works");
    const anyWorks = d.engines.native.status === "works" || d.engines.zmtp.status === "works";
    assert.equal(r.code, anyWorks ? 0 : 1, r.stderr);
    assert.match(d.engines.native.version ?? "", /^libzmq \d+\.\d+\.\d+ \(zeromq\.js [\d.]+\)$/);
    assert.equal(d.libzmq, /libzmq ([\d.]+)/.exec(d.engines.native.version)![1]);
    if (runtimeName() === "bun") {
      // The crash Bun meets on zeromq.js's first socket, caught in the child and named.
      assert.equal(d.engines.native.status, "crashed");
      assert.match(d.engines.native.detail, /uv_poll_init_socket/);
    } else {
      assert.equal(d.engines.native.status, "works", d.engines.native.detail);
      // zeromq.js's own receive timeout segfaults on Deno; on Node it works.
      assert.equal(d.engines.native.zeromqReceiveTimeout.status, runtimeName() === "deno" ? "crashed" : "works");
    }
  });
  it("doctor - the text output has one line per check", async () => {
    const r = await runCli(["doctor"], { timeoutMs: 60_000 });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    for (const label of ["runtime", "native", "zmtp", "libzmq", "loopback", "auto"]) {
      assert.match(r.stdout, new RegExp(`^  ${label} +\\S`, "m"));
    }
    assert.match(r.stdout, new RegExp(`^  runtime +${runtimeName()} ${runtimeVersion().replace(/\./g, "\\.")}$`, "m"));
  });
});
