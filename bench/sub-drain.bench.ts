/**
 * How fast `sub --engine zmtp` drains the fastest possible publisher (a raw TCP peer replaying
 * pre-encoded ZMTP frames: replay-publisher.ts) on Node, Deno and Bun, against a plain libzmq C
 * SUB (c-sub.c, built here into a temporary folder against Debian's libzmq3-dev) facing the same
 * publisher. 100-byte messages. Prints each rate and sub/C (target >= 2x). The C line is skipped,
 * saying why, when cc or zmq.h is missing. Bounded: each run is killed after 60 s.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { scriptCommand } from "../src/runtime/runtime-command.ts";
import type { RuntimeName } from "../src/runtime/runtime-name.ts";
import { encodeMessages, startReplay } from "./replay-publisher.ts";

const count = Number(process.env.SUB_BENCH_COUNT ?? 1_000_000);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const limitMs = 60_000;

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    const t = setTimeout(() => child.kill("SIGKILL"), limitMs);
    child.on("close", (code) => {
      clearTimeout(t);
      if (code === 0 || out.includes('"type":"summary"')) resolve(out);
      else reject(new Error(`${path.basename(cmd)} exited ${code}: ${err.trim().split("\n")[0]}`));
    });
  });
}

/** The C SUB's binary, or why it cannot be built here. */
function buildCSub(): { exe: string } | { skip: string } {
  if (!fs.existsSync("/usr/include/zmq.h")) return { skip: "zmq.h not found (apt-get install libzmq3-dev)" };
  const cc = spawnSync("cc", ["--version"], { encoding: "utf8" });
  if (cc.status !== 0) return { skip: "no C compiler (cc) on PATH" };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqdiag-csub-"));
  const exe = path.join(dir, "c-sub");
  const r = spawnSync("cc", ["-O2", "-o", exe, path.join(root, "bench", "c-sub.c"), "-lzmq"], { encoding: "utf8" });
  return r.status === 0 ? { exe } : { skip: `cc failed: ${r.stderr.trim().split("\n")[0]}` };
}

const bytes = encodeMessages(count);
process.stdout.write(`sub drain: ${count.toLocaleString("en-US")} messages of 100 bytes from a raw replay publisher\n`);
const rates: Record<string, number> = {};
for (const runtime of ["node", "deno", "bun"] as RuntimeName[]) {
  const replay = await startReplay(bytes);
  const cmd = scriptCommand(runtime, "commands/main.ts", [
    "sub",
    replay.endpoint,
    "--engine",
    "zmtp",
    "--expect",
    String(count),
    "--idle-timeout",
    "3000",
    "--json",
  ]);
  if (!cmd) {
    process.stdout.write(`  sub --engine zmtp on ${runtime}: skipped (${runtime} is not installed)\n`);
    replay.close();
    continue;
  }
  try {
    const out = await run(cmd[0], cmd.slice(1));
    const s = JSON.parse(out.trim().split("\n").find((l) => l.includes('"type":"summary"'))!) as {
      received: number;
      lost: number;
      msgsPerSec: number;
    };
    rates[runtime] = s.msgsPerSec;
    process.stdout.write(
      `  sub --engine zmtp on ${runtime.padEnd(4)}: ${
        s.msgsPerSec.toLocaleString("en-US").padStart(10)
      } msg/s (received ${s.received.toLocaleString("en-US")}, lost ${s.lost})\n`,
    );
  } catch (e) {
    process.stdout.write(`  sub --engine zmtp on ${runtime}: failed (${(e as Error).message})\n`);
  } finally {
    replay.close();
  }
}
const c = buildCSub();
if ("skip" in c) {
  process.stdout.write(`  libzmq C SUB: skipped (${c.skip})\n`);
} else {
  const replay = await startReplay(bytes);
  try {
    const r = JSON.parse(await run(c.exe, [replay.endpoint, String(count)])) as {
      received: number;
      msgsPerSec: number;
    };
    process.stdout.write(
      `  libzmq C SUB        : ${r.msgsPerSec.toLocaleString("en-US").padStart(10)} msg/s (received ${
        r.received.toLocaleString("en-US")
      })\n`,
    );
    for (const [rt, v] of Object.entries(rates)) {
      process.stdout.write(`  sub/C on ${rt.padEnd(4)}: ${(v / r.msgsPerSec).toFixed(2)}x (target >= 2x)\n`);
    }
  } catch (e) {
    process.stdout.write(`  libzmq C SUB: failed (${(e as Error).message})\n`);
  } finally {
    replay.close();
    fs.rmSync(path.dirname(c.exe), { recursive: true, force: true });
  }
}
