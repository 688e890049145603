/**
 * Times `zmqdiag repro` as a user runs it: with defaults (one runtime, the auto engine), and the
 * whole matrix (--engine all --runtime all). Prints the wall time and the verdict counts of each.
 * The targets: under 20 s and under 2 minutes on the project's machine.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../src/runtime/project-paths.ts";

const limitMs = 170_000;

function timeRepro(args: string[]): Promise<{ ms: number; code: number | null; summary: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(projectRoot, "dist/commands/main.js"), "repro", "--json", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), limitMs);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      const last = out.trim().split("\n").pop() ?? "";
      resolve({
        ms: performance.now() - started,
        code,
        summary: last.includes('"summary"') ? last : `(no summary; killed after ${limitMs} ms?)`,
      });
    });
  });
}

const seed = String(1 + Math.floor(Math.random() * 1e9));
for (
  const [title, args] of [
    ["zmqdiag repro (defaults: node, engine auto)", ["--seed", seed]],
    ["zmqdiag repro --engine all --runtime all", ["--seed", seed, "--engine", "all", "--runtime", "all"]],
  ] as const
) {
  const r = await timeRepro([...args]);
  process.stdout.write(`${title}: ${(r.ms / 1000).toFixed(1)} s, exit ${r.code}\n  ${r.summary}\n`);
}
