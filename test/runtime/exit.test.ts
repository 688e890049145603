// Nothing lost at exit: a few MB written just before each of the CLI's exit paths reach the
// reader of a pipe whole, on the runtime the tests run on. The reader starts late, so the
// pipe is full when the process decides to end (Bun used to cut such output at 64-256 KiB).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runtimeName } from "../../src/runtime/runtime-name.ts";

const fixture = fileURLToPath(new URL("../../fixtures/runtime/write-then-exit.ts", import.meta.url));
const lines = 4096; // 4 MiB

interface Run {
  code: number | null;
  out: Buffer;
  other: string;
  timedOut: boolean;
}

/** Runs the fixture; reads `stream` only after `lateMs`, the other stream at once. */
function runFixture(mode: string, stream: "stdout" | "stderr", lateMs: number): Promise<Run> {
  const args = [mode, stream, String(lines)];
  const rt = runtimeName();
  const argv = rt === "deno"
    ? ["run", "-A", "--quiet", fixture, ...args]
    : rt === "bun"
    ? [fixture, ...args]
    : ["--import", "tsx", fixture, ...args];
  const child = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "pipe"] });
  const watched = stream === "stdout" ? child.stdout! : child.stderr!;
  const rest = stream === "stdout" ? child.stderr! : child.stdout!;
  const chunks: Buffer[] = [];
  let other = "";
  watched.pause();
  setTimeout(() => watched.on("data", (d: Buffer) => chunks.push(d)).resume(), lateMs);
  rest.on("data", (d: Buffer) => (other += d.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, 60_000);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out: Buffer.concat(chunks), other, timedOut });
    })
  );
}

/** Checks that `out` is exactly the fixture's lines, in order. */
function assertWhole(out: Buffer, label: string): void {
  assert.equal(out.length, lines * 1024, `${label}: ${out.length} of ${lines * 1024} bytes arrived`);
  assert.equal(out[out.length - 1], 0x0a, `${label}: does not end with a newline`);
  const text = out.toString("latin1").split("\n");
  assert.equal(text.length, lines + 1);
  for (let i = 0; i < lines; i++) {
    if (text[i] !== `${i}:`.padEnd(1023, "x")) assert.fail(`${label}: line ${i} is not as written`);
  }
}

describe("runtime exit", () => {
  for (const mode of ["exit", "action", "timer", "natural"]) {
    it(`runtime exit - ${mode}: 4 MiB on stdout reach a late pipe reader whole, exit code kept`, async () => {
      const r = await runFixture(mode, "stdout", 500);
      assert.equal(r.timedOut, false, `${mode}: did not end; stderr=${r.other}`);
      assertWhole(r.out, mode);
      assert.equal(r.code, 3, r.other);
    });
  }
  it("runtime exit - exit: 4 MiB on stderr reach a late pipe reader whole", async () => {
    const r = await runFixture("exit", "stderr", 500);
    assert.equal(r.timedOut, false);
    assertWhole(r.out, "stderr");
    assert.equal(r.code, 3);
  });
});
