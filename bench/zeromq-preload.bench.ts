/**
 * What zmqdiag's zeromq.js instrumentation (the preload of `repro -- node ...`) costs a program
 * per call: a PUSH/PULL loop (bench/zeromq-preload-loop.mjs) run under the preload, its rounds
 * alternating between the instrumented methods and zeromq.js's own native methods called on
 * the same sockets, in one process (separate processes differed by more than the cost measured,
 * on a shared machine). Each round gives the process's CPU time per message, libzmq's I/O
 * thread included; the best round of each way is compared (other processes only ever slow a
 * round down), medians too. Cost per call: the extra CPU per message over its two calls (one
 * send, one receive). Target: under 5% of the bare loop. A third way, the floor,
 * adds to the bare calls only one `then` each: what the new promise every instrumented call
 * must return costs by itself (see src/preload/zeromq/operations.ts).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { modulePathFor, projectRoot } from "../src/runtime/project-paths.ts";

const messages = Number(process.env.BENCH_MESSAGES ?? 50_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
const loop = path.join(projectRoot, "bench", "zeromq-preload-loop.mjs");
const preload = modulePathFor("node", "src/preload/entry-keep.ts");

interface Round {
  mode: "bare" | "floor" | "instrumented";
  instrumented: boolean;
  seconds: number;
  cpuSeconds: number;
}

const r = spawnSync(process.execPath, ["--import", preload, loop, String(messages), String(rounds)], {
  cwd: projectRoot,
  encoding: "utf8",
  timeout: 300_000,
});
const lines = r.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Round);
if (r.status !== 0 || lines.length !== 3 * rounds) throw new Error(`the loop failed: ${r.stderr}`);
if (!lines.every((l) => l.instrumented)) throw new Error("zeromq.js was not instrumented under the preload");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs: number[]) => Math.min(...xs);
const us = (s: number) => `${(s * 1e6).toFixed(2)} µs`;
const perMessage = (mode: Round["mode"]) => lines.filter((l) => l.mode === mode).map((l) => l.cpuSeconds / messages);
const wallRate = (mode: Round["mode"]) =>
  Math.max(...lines.filter((l) => l.mode === mode).map((l) => messages / l.seconds));
const bare = perMessage("bare");
const instrumented = perMessage("instrumented");
const floor = perMessage("floor");

console.log(
  `zeromq.js PUSH/PULL over tcp://127.0.0.1, 100-byte messages, ${
    messages.toLocaleString("en-US")
  } per round, ${rounds} rounds each of 3 ways, alternating, in one process under the preload (Node ${process.versions.node})`,
);
for (
  const [label, xs, mode] of [["bare (native methods)", bare, "bare"], ["floor (one then each)", floor, "floor"], [
    "instrumented         ",
    instrumented,
    "instrumented",
  ]] as const
) {
  console.log(
    `  ${label} CPU per message best ${us(best(xs))}, median ${us(median(xs))} (rounds, µs: ${
      xs.map((x) => (x * 1e6).toFixed(2)).join(" ")
    }); wall best ${Math.round(wallRate(mode)).toLocaleString("en-US")} msg/s`,
  );
}
for (
  const [label, b, i] of [["best", best(bare), best(instrumented)], [
    "median",
    median(bare),
    median(instrumented),
  ]] as const
) {
  console.log(
    `  ${label.padEnd(6)} cost per call ${
      ((i - b) / 2 * 1e9).toFixed(0)
    } ns of CPU (a send or a receive); instrumented/bare ${
      (i / b * 100).toFixed(1)
    }% of the CPU per message (target: under 105%)`,
  );
}
console.log(
  `  median floor/bare ${(median(floor) / median(bare) * 100).toFixed(1)}%: what the returned promise alone costs`,
);
