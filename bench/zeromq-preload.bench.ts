/**
 * What zmqdiag's zeromq.js instrumentation (the preload of `repro -- node ...`) costs a program
 * per call: a PUSH/PULL loop (bench/zeromq-preload-loop.mjs) run under the preload, its rounds
 * alternating between the instrumented methods and zeromq.js's own native methods called on
 * the same sockets, in one process (separate processes differed by more than the cost measured,
 * on a shared machine). Each round gives the process's CPU time per message, libzmq's I/O
 * thread included. Cost per call: the extra CPU per message over its two calls (one send, one
 * receive). Target: under 5% of the bare loop. The figure is the median over the rounds of each
 * round's instrumented/bare ratio (a round's ways run back to back, so a busy moment of the
 * machine touches both); the best round of each way is compared too. A control way, the bare
 * calls once more, gives the same ratio for two identical loops: what the measurement itself
 * varies by on this machine at this time.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { instrumentSocket } from "../src/preload/zeromq/socket-class.ts";
import { modulePathFor, projectRoot } from "../src/runtime/project-paths.ts";

const messages = Number(process.env.BENCH_MESSAGES ?? 10_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 61);
const loop = path.join(projectRoot, "bench", "zeromq-preload-loop.mjs");
const preload = modulePathFor("node", "src/preload/entry-keep.ts");
const modes = ["bare", "control", "instrumented"] as const;

interface Round {
  mode: (typeof modes)[number];
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
if (r.status !== 0 || lines.length !== modes.length * rounds) throw new Error(`the loop failed: ${r.stderr}`);
if (!lines.every((l) => l.instrumented)) throw new Error("zeromq.js was not instrumented under the preload");

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)];
const median = (xs: number[]) => quantile(xs, 0.5);
const best = (xs: number[]) => Math.min(...xs);
const us = (s: number) => `${(s * 1e6).toFixed(2)} µs`;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const perMessage = (mode: Round["mode"]) => lines.filter((l) => l.mode === mode).map((l) => l.cpuSeconds / messages);
const wallRate = (mode: Round["mode"]) =>
  Math.max(...lines.filter((l) => l.mode === mode).map((l) => messages / l.seconds));
const cpu = Object.fromEntries(modes.map((m) => [m, perMessage(m)])) as Record<Round["mode"], number[]>;
const roundRatios = (mode: Round["mode"]) => cpu[mode].map((x, i) => x / cpu.bare[i]);

console.log(
  `zeromq.js PUSH/PULL over tcp://127.0.0.1, 100-byte messages, ${
    messages.toLocaleString("en-US")
  } per round, ${rounds} rounds each of ${modes.length} ways, order turning, in one process under the preload (Node ${process.versions.node})`,
);
for (const mode of modes) {
  const xs = cpu[mode];
  console.log(
    `  ${mode.padEnd(12)} CPU per message best ${us(best(xs))}, quartiles ${us(quantile(xs, 0.25))} ${us(median(xs))} ${
      us(quantile(xs, 0.75))
    }; wall best ${Math.round(wallRate(mode)).toLocaleString("en-US")} msg/s`,
  );
}
const ratio = median(roundRatios("instrumented"));
console.log(
  `  instrumented/bare, median of the rounds' ratios: ${pct(ratio)} of the CPU per message, ${
    ((median(cpu.instrumented) - median(cpu.bare)) / 2 * 1e9).toFixed(0)
  } ns of CPU per call (a send or a receive); best against best ${
    pct(best(cpu.instrumented) / best(cpu.bare))
  } (target: under 105%)`,
);
console.log(
  `  control/bare (the same loop twice), median of the rounds' ratios: ${
    pct(median(roundRatios("control")))
  }, best against best ${pct(best(cpu.control) / best(cpu.bare))}: the measurement's own spread`,
);

// The bookkeeping alone, without libzmq: the instrumented class over a stand-in for the addon's
// Socket whose receive and send return a settled promise, against a subclass that only calls
// super. What is left once the socket's own work is taken away.
{
  const settled = Promise.resolve([Buffer.alloc(1)]);
  class StandIn {
    receive() {
      return settled;
    }
    send(_m: unknown) {
      return settled;
    }
  }
  class Plain extends StandIn {
    override receive() {
      return super.receive();
    }
    override send(m: unknown) {
      return super.send(m);
    }
  }
  const Instrumented = instrumentSocket(StandIn);
  const sockets = {
    plain: new (class Pull extends Plain {})(),
    instrumented: new (class Pull extends Instrumented {})(),
  };
  const calls = 5_000_000;
  const time = (s: StandIn) => {
    const t0 = performance.now();
    let same = 0;
    for (let i = 0; i < calls; i++) if (s.receive() === s.send(i)) same++;
    if (same !== calls) throw new Error("the stand-in returned another promise");
    return (performance.now() - t0) * 1e6 / (2 * calls);
  };
  const ns: Record<string, number[]> = { plain: [], instrumented: [] };
  for (let r = 0; r < 7; r++) for (const [k, s] of Object.entries(sockets)) ns[k].push(time(s));
  console.log(
    `  the bookkeeping alone (a stand-in addon class, ${
      (2 * calls).toLocaleString("en-US")
    } calls per round, 7 rounds): median ${median(ns.instrumented).toFixed(1)} ns per call instrumented, ${
      median(ns.plain).toFixed(1)
    } ns for a subclass that only calls super`,
  );
}
