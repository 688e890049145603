// The npm package as a user gets it: `npm pack`, installed from the tarball into a fresh folder
// (from npm's cache; only the registry's package lists may be fetched, once), then zmqdiag run from
// there on Node, and on Deno and Bun through the project's own binaries; a --file scenario in
// a folder with no zmqdiag of its own; and runtimes that are not installed. Runs under Node only
// (it drives all three runtimes itself); dist/ is the one scripts/test-all.mjs has just built.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../../src/runtime/project-paths.ts";
import { runtimeName } from "../../src/runtime/runtime-name.ts";
import { parseJsonLines } from "../helpers/cli.ts";

const skip = runtimeName() === "node" ? false : "runs under Node only; it runs Deno and Bun itself";
const projectBin = path.join(projectRoot, "node_modules", ".bin");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, killed after `ms`. */
function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; ms?: number }): Promise<Run> {
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), opts.ms ?? 60_000);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    })
  );
}

/** The JSON summary of a repro --json run, checked to be the last line. */
function summaryOf(r: Run): Record<string, unknown> {
  const lines = parseJsonLines(r.stdout);
  const last = lines[lines.length - 1];
  assert.equal(last?.type, "summary", `no summary: stdout=${r.stdout} stderr=${r.stderr}`);
  return last;
}

describe("package installed", { skip }, () => {
  let tmp = "";
  let home = ""; // the folder the tarball is installed into
  let user = ""; // a folder with a scenario and no zmqdiag
  let main = ""; // the installed CLI's entry
  let packed: string[] = [];
  // Only node on PATH: Deno and Bun are not installed as far as the package can tell.
  let bareEnv: NodeJS.ProcessEnv = {};
  const withRuntimes: NodeJS.ProcessEnv = { PATH: `${projectBin}${path.delimiter}${process.env.PATH ?? ""}` };

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zmqdiag-package-"));
    home = path.join(tmp, "home");
    user = path.join(tmp, "user");
    const bare = path.join(tmp, "bin");
    for (const d of [home, user, bare]) fs.mkdirSync(d);
    fs.symlinkSync(process.execPath, path.join(bare, "node"));
    bareEnv = { PATH: bare };
    const pack = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], {
      cwd: projectRoot,
      ms: 60_000,
    });
    assert.equal(pack.code, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    packed = info.files.map((f) => f.path);
    fs.writeFileSync(path.join(home, "package.json"), JSON.stringify({ name: "home", private: true }));
    // Offline when npm's cache has the package lists too; the first time, it fetches only those.
    const installArgs = (mode: string) => ["install", mode, "--no-audit", "--no-fund", path.join(tmp, info.filename)];
    let install = await run("npm", installArgs("--offline"), { cwd: home, ms: 60_000 });
    if (install.code !== 0) install = await run("npm", installArgs("--prefer-offline"), { cwd: home, ms: 120_000 });
    assert.equal(install.code, 0, install.stderr);
    main = path.join(home, "node_modules", "zmqdiag", "dist", "commands", "main.js");
    // The README's way: copy the example out of the package into a folder of one's own.
    fs.copyFileSync(
      path.join(home, "node_modules", "zmqdiag", "fixtures", "my-scenario.ts"),
      path.join(user, "my-scenario.ts"),
    );
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("package installed - the tarball holds dist/, README, LICENSE, docs and the example scenario, and no tests, benches, scripts or sources", () => {
    for (
      const f of [
        "package.json",
        "README.md",
        "LICENSE",
        "docs/scenarios.md",
        "fixtures/my-scenario.ts",
        "dist/commands/main.js",
        "dist/src/index.js",
        "dist/src/index.d.ts",
        "dist/src/repro/child-main.js",
      ]
    ) {
      assert.ok(packed.includes(f), `${f} is not in the package`);
    }
    const example = "fixtures/my-scenario.ts";
    const stray = packed.filter((f) =>
      f !== example &&
      (/^(test|bench|scripts|\.ci|fixtures|src|commands)\//.test(f) || /^tsconfig/.test(f) ||
        (f.endsWith(".ts") && !f.endsWith(".d.ts")))
    );
    assert.deepEqual(stray, []);
  });

  it("package installed - repro runs on Node with children on Node, Deno and Bun", async () => {
    const r = await run(process.execPath, [
      main,
      "repro",
      "swallowed-cancel",
      "--runtime",
      "all",
      "--json",
      "--seed",
      "7",
    ], { cwd: home, env: withRuntimes });
    assert.deepEqual(summaryOf(r), { type: "summary", runs: 6, passed: 6, failed: 0, skipped: 0, seed: 7 }, r.stderr);
    assert.equal(r.code, 0, r.stderr);
  });

  for (const runtime of ["deno", "bun"] as const) {
    it(`package installed - repro runs on ${runtime} from the compiled package, a --file scenario in a folder without zmqdiag too`, async () => {
      const args = [
        main,
        "repro",
        "swallowed-cancel",
        "--file",
        path.join(user, "my-scenario.ts"),
        "--json",
        "--seed",
        "7",
      ];
      const r = await run(path.join(projectBin, runtime), runtime === "deno" ? ["run", "-A", ...args] : args, {
        cwd: user,
        env: withRuntimes,
      });
      const results = parseJsonLines(r.stdout).filter((l) => l.type === "result");
      assert.deepEqual(results.map((x) => `${x.scenario}/${x.variant}/${x.runtime}/${x.verdict}`), [
        `swallowed-cancel/buggy/${runtime}/pass`,
        `swallowed-cancel/fixed/${runtime}/pass`,
        `my-consumer-stop/buggy/${runtime}/pass`,
        `my-consumer-stop/fixed/${runtime}/pass`,
      ], r.stdout + r.stderr);
      assert.deepEqual(summaryOf(r), { type: "summary", runs: 4, passed: 4, failed: 0, skipped: 0, seed: 7 });
      assert.equal(r.code, 0, r.stderr);
    });
  }

  it("package installed - repro --file from a folder without zmqdiag resolves zmqdiag to the running install (Node through tsx)", async () => {
    const r = await run(process.execPath, [
      main,
      "repro",
      "--file",
      "my-scenario.ts",
      "--runtime",
      "all",
      "--json",
      "--seed",
      "7",
    ], { cwd: user, env: withRuntimes });
    const results = parseJsonLines(r.stdout).filter((l) => l.type === "result");
    assert.deepEqual(results.map((x) => `${x.variant}/${x.runtime}/${x.verdict}`).sort(), [
      "buggy/bun/pass",
      "buggy/deno/pass",
      "buggy/node/pass",
      "fixed/bun/pass",
      "fixed/deno/pass",
      "fixed/node/pass",
    ], r.stdout + r.stderr);
    for (const x of results) assert.equal((x.details as { sent: number }).sent, 40);
    assert.equal(r.code, 0, r.stderr);
  });

  it("package installed - without Deno or Bun: --runtime deno is exit 2 in one line; --runtime all names the runtimes not found", async () => {
    const deno = await run(process.execPath, [main, "repro", "swallowed-cancel", "--runtime", "deno"], {
      cwd: home,
      env: bareEnv,
    });
    assert.equal(
      deno.stderr,
      "zmqdiag: --runtime deno: deno is not installed; npm install deno (in this folder or beside zmqdiag), or put deno on PATH (https://deno.com)\n",
    );
    assert.equal(deno.stdout, "");
    assert.equal(deno.code, 2);
    const all = await run(process.execPath, [
      main,
      "repro",
      "swallowed-cancel",
      "--runtime",
      "all",
      "--json",
      "--seed",
      "7",
    ], { cwd: home, env: bareEnv });
    assert.deepEqual(summaryOf(all), {
      type: "summary",
      runs: 2,
      passed: 2,
      failed: 0,
      skipped: 4,
      seed: 7,
      runtimesNotFound: ["deno", "bun"],
    }, all.stderr);
    const skipped = parseJsonLines(all.stdout).filter((l) => l.type === "skipped");
    assert.deepEqual(skipped.map((s) => `${s.runtime}: ${s.reason}`), [
      "deno: deno not found",
      "bun: bun not found",
      "deno: deno not found",
      "bun: bun not found",
    ]);
    assert.equal(all.code, 0, all.stderr);
    const human = await run(process.execPath, [main, "repro", "swallowed-cancel", "--runtime", "all"], {
      cwd: home,
      env: bareEnv,
    });
    assert.match(
      human.stdout,
      /\nnot found: deno, bun, whose runs were skipped; to run them: npm install deno bun \(in this folder or beside zmqdiag\), or put them on PATH\n$/,
    );
  });
});
