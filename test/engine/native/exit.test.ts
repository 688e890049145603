import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runtimeName } from "../../../src/runtime/runtime-name.ts";
import { skipNative } from "../../helpers/engines.ts";

const fixture = fileURLToPath(new URL("./fixtures/open-use-close.ts", import.meta.url));

/** Runs the fixture under this runtime; resolves with its output, or timedOut after `ms`. */
function runFixture(ms: number): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  // Node runs TypeScript through tsx here; Deno runs it as is.
  const args = runtimeName() === "deno" ? ["run", "-A", "--quiet", fixture] : ["--import", "tsx", fixture];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
  });
  child.stderr!.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, ms);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    })
  );
}

describe("native engine exit", () => {
  it(
    "native engine exit - a process that closes its sockets ends by itself, nothing unhandled",
    { skip: skipNative() },
    async () => {
      const r = await runFixture(15_000);
      assert.equal(
        r.timedOut,
        false,
        `the process hung after closing its sockets; stdout=${r.stdout} stderr=${r.stderr}`,
      );
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, "received one\nsub EBADF send EBADF\nclosed\n");
      // The last message sent has no peer left: the default linger (1000 ms) bounds the wait for it,
      // which zeromq.js announces with a warning; anything else on stderr is a failure.
      assert.equal(r.stderr.replace(/^.*Waiting for queued ZeroMQ messages to be delivered.*\n/m, ""), "");
    },
  );
});
