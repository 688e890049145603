import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parentWatchIntervalMs } from "../../src/runtime/parent-watch.ts";
import { projectRoot } from "../../src/runtime/project-paths.ts";
import { runtimeName } from "../../src/runtime/runtime-name.ts";
import { skipWithoutProc } from "../helpers/processes.ts";
import { eventually } from "../helpers/eventually.ts";

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "watching-child.ts");

/** The command that runs the fixture with `args` under the runtime the tests run on. */
function fixtureCommand(args: string[]): string[] {
  const rt = runtimeName();
  if (rt === "deno") {
    return [path.join(projectRoot, "node_modules", ".bin", "deno"), "run", "-A", "--quiet", fixture, ...args];
  }
  if (rt === "bun") return [process.execPath, fixture, ...args];
  return [process.execPath, "--import", "tsx", fixture, ...args];
}

describe("parent watch", () => {
  it("parent watch - never keeps the child alive: a child with nothing else to do ends by itself", async () => {
    const [cmd, ...args] = fixtureCommand([]);
    const child = spawn(cmd, args, { cwd: projectRoot, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    const [code, signal] = await new Promise<[number | null, string | null]>((r) =>
      child.on("close", (c, s) => r([c, s]))
    );
    clearTimeout(timer);
    assert.deepEqual([code, signal, out], [0, null, "watching\n"]);
  });

  it(
    "parent watch - a child whose parent is SIGKILLed ends, though a timer holds it",
    { skip: skipWithoutProc },
    async () => {
      const [cmd, ...args] = fixtureCommand(["--middle", JSON.stringify(fixtureCommand(["--hold"]))]);
      const middle = spawn(cmd, args, { cwd: projectRoot, stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      middle.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
      await eventually(() => /grandchild \d+\n/.test(out), 20_000, () => `no grandchild: ${out}`, 50);
      const pid = Number(/grandchild (\d+)/.exec(out)![1]);
      const alive = () => {
        try {
          return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8")); // a zombie has ended
        } catch {
          return false; // gone
        }
      };
      assert.ok(alive(), "the grandchild is not running");
      const gone = new Promise((r) => middle.on("close", r));
      middle.kill("SIGKILL");
      await gone;
      await eventually(
        () => !alive(),
        25 * parentWatchIntervalMs,
        () => `the grandchild ${pid} outlived its parent`,
        50,
      );
    },
  );
});
