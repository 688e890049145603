#!/usr/bin/env node
// Runs the whole test suite on Node, then Deno, then Bun (or the runtimes named as arguments),
// after building dist/ and type-checking. Ends with one line "N passed, N failed".
// Usage: node scripts/test-all.mjs [node] [deno] [bun] [test/some.test.ts ...]
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const args = process.argv.slice(2);
const runtimes = args.filter((a) => ["node", "deno", "bun"].includes(a));
const picked = args.filter((a) => a.endsWith(".ts"));
const perRuntimeLimitMs = Number(process.env.ZMQDIAG_TEST_RUNTIME_LIMIT_MS ?? 6 * 60_000);

function findTests(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findTests(p));
    else if (e.name.endsWith(".test.ts")) out.push(path.relative(root, p));
  }
  return out.sort();
}

const files = (picked.length ? picked : findTests(path.join(root, "test"))).map((f) =>
  `./${path.relative(root, path.resolve(root, f))}`
);

// With test files named on the command line (a focused run while developing), a type error
// elsewhere is shown but does not stop the run; the full suite (npm test, CI) stops on it.
function step(title, cmd, cmdArgs) {
  process.stdout.write(`\n== ${title}\n`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: "inherit" });
  if (r.status !== 0 && picked.length) {
    process.stdout.write(`(${title} failed; going on because test files were named)\n`);
  } else if (r.status !== 0) {
    process.stdout.write(`\n${title} failed\n0 passed, 1 failed\n`);
    process.exit(1);
  }
}

step("build (tsc)", bin("tsc"), ["-p", "tsconfig.json"]);
step("type-check tests (tsc)", bin("tsc"), ["-p", "tsconfig.test.json"]);

const commands = {
  // A test that never settles fails after two minutes instead of holding the run (as bun's --timeout does).
  node: [process.execPath, ["--import", "tsx", "--test", "--test-timeout=120000", "--test-reporter=spec", ...files]],
  deno: [bin("deno"), ["test", "-A", "--no-check", ...files]],
  bun: [bin("bun"), ["test", "--timeout", "120000", ...files]],
};

// Reads the runner's own closing counts from its output.
function counts(runtime, text) {
  // deno-lint-ignore no-control-regex -- ANSI color codes start with ESC
  const plain = text.replace(/\x1b\[[0-9;]*m/g, "");
  const num = (re) => {
    const all = [...plain.matchAll(re)];
    return all.length ? Number(all[all.length - 1][1]) : undefined;
  };
  if (runtime === "node") return { passed: num(/^ℹ pass (\d+)$/gm), failed: num(/^ℹ fail (\d+)$/gm) };
  if (runtime === "deno") {
    const m = [...plain.matchAll(/^(?:ok|FAILED) \| (\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed/gm)].pop();
    return m ? { passed: Number(m[2] ?? m[1]), failed: Number(m[3]) } : {};
  }
  return { passed: num(/^\s*(\d+) pass$/gm), failed: num(/^\s*(\d+) fail$/gm) };
}

function run(runtime) {
  const [cmd, cmdArgs] = commands[runtime];
  process.stdout.write(`\n== tests on ${runtime} (${files.length} files)\n`);
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    let text = "";
    const tee = (stream) => (d) => {
      text += d;
      stream.write(d);
    };
    child.stdout.on("data", tee(process.stdout));
    child.stderr.on("data", tee(process.stderr));
    const timer = setTimeout(() => {
      process.stdout.write(`\n${runtime}: test run exceeded ${perRuntimeLimitMs} ms, killed\n`);
      child.kill("SIGKILL");
    }, perRuntimeLimitMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const c = counts(runtime, text);
      const ok = code === 0;
      resolve({ runtime, ok, passed: c.passed ?? 0, failed: c.failed ?? (ok ? 0 : 1), code, signal });
    });
  });
}

const results = [];
for (const rt of runtimes.length ? runtimes : ["node", "deno", "bun"]) results.push(await run(rt));
process.stdout.write("\n== summary\n");
for (const r of results) {
  process.stdout.write(
    `${r.runtime}: ${r.ok ? "ok" : "FAILED"} (${r.passed} passed, ${r.failed} failed${
      r.signal ? `, ${r.signal}` : ""
    })\n`,
  );
}
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + (r.ok ? r.failed : Math.max(1, r.failed)), 0);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
