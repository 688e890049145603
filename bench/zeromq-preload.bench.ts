/**
 * What zmqdiag's zeromq.js instrumentation (the preload of `repro -- node ...`) costs a program:
 * the same PUSH/PULL loop (bench/zeromq-preload-loop.mjs) run bare and under the preload, in
 * child processes, rounds alternating. Each round gives the process's CPU time per message
 * (libzmq's I/O thread included), steadier than wall time on a shared machine; the best round
 * of each is compared (other processes only ever slow a round down), medians shown too, and the
 * wall-clock rate. The cost per call is the extra CPU time per message over its two calls (one
 * send, one receive). Target (issue 10): under 5% of the bare loop.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { modulePathFor, projectRoot } from "../src/runtime/project-paths.ts";

const messages = Number(process.env.BENCH_MESSAGES ?? 100_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const loop = path.join(projectRoot, "bench", "zeromq-preload-loop.mjs");
const preload = modulePathFor("node", "src/preload/entry-keep.ts");

/** CPU and wall seconds per message of one child run. */
function perMessage(instrumented: boolean): { cpu: number; wall: number } {
  const args = [...(instrumented ? ["--import", preload] : []), loop, String(messages)];
  const r = spawnSync(process.execPath, args, { cwd: projectRoot, encoding: "utf8", timeout: 120_000 });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  if (r.status !== 0 || !line.startsWith("{")) throw new Error(`loop failed (${instrumented ? "preload" : "bare"}): ${r.stderr}`);
  const { seconds, cpuSeconds } = JSON.parse(line) as { seconds: number; cpuSeconds: number };
  return { cpu: cpuSeconds / messages, wall: seconds / messages };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs: number[]) => Math.min(...xs);
const us = (s: number) => `${(s * 1e6).toFixed(2)} µs`;
const rate = (s: number) => `${Math.round(1 / s).toLocaleString("en-US")} msg/s`;

const bare: Array<{ cpu: number; wall: number }> = [];
const instrumented: Array<{ cpu: number; wall: number }> = [];
for (let r = 0; r < rounds; r++) {
  bare.push(perMessage(false));
  instrumented.push(perMessage(true));
}
const cpu = (xs: Array<{ cpu: number }>) => xs.map((x) => x.cpu);
const wall = (xs: Array<{ wall: number }>) => xs.map((x) => x.wall);
const fmtRounds = (xs: number[]) => xs.map((x) => (x * 1e6).toFixed(2)).join(" ");
console.log(`zeromq.js PUSH/PULL over tcp://127.0.0.1, 100-byte messages, ${messages.toLocaleString("en-US")} per round, ${rounds} rounds each (Node ${process.versions.node})`);
for (const [label, xs] of [["bare zeromq.js         ", bare], ["under zmqdiag's preload", instrumented]] as const) {
  console.log(`  ${label} CPU per message best ${us(best(cpu(xs)))}, median ${us(median(cpu(xs)))} (rounds, µs: ${fmtRounds(cpu(xs))}); wall best ${rate(best(wall(xs)))}`);
}
for (const [label, b, i] of [["best", best(cpu(bare)), best(cpu(instrumented))], ["median", median(cpu(bare)), median(cpu(instrumented))]] as const) {
  console.log(`  ${label.padEnd(6)} cost per call ${((i - b) / 2 * 1e9).toFixed(0)} ns of CPU (a send or a receive); preload/bare ${(i / b * 100).toFixed(1)}% of the CPU per message (target: under 105%)`);
}
