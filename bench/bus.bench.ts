/**
 * Throughput of pub -> bus -> sub against pub -> sub directly, in one run: 100-byte messages, a
 * bounded count, each program a real `zmqdiag` process over loopback TCP, for native on Node
 * and zmtp on Node, Deno and Bun (each runtime that is installed). High-water marks are
 * unlimited on every socket so that nothing is dropped and both paths carry every message; the
 * publisher lingers until everything is delivered. The rate is the subscriber's, from its first
 * message to its last; each path is measured `rounds` times, alternating, and the best kept.
 * Target: bus/direct >= 0.8. BUS_BENCH_COUNT and BUS_BENCH_ROUNDS override the defaults;
 * BUS_BENCH_ONLY (e.g. "zmtp/node,zmtp/bun") measures only those engine/runtime pairs.
 *
 * The three processes of the bus path share the machine's cores, so the ratio is bounded by CPU
 * before anything else: on Linux the benchmark also prints the CPU time each process spent per
 * message within the subscriber's window (all threads; median over the rounds) and the best
 * ratio that those costs allow on this machine's cores when nothing else runs.
 */
import net from "node:net";
import os from "node:os";
import { spawn } from "node:child_process";
import { scriptCommand } from "../src/runtime/runtime-command.ts";
import type { RuntimeName } from "../src/runtime/runtime-name.ts";
import { CpuSampler, ratioBound } from "./cpu-sampler.ts";

/**
 * Messages per transfer: enough for a window of a second or more on each engine (CPU time is
 * read in 10 ms ticks, and a short window is mostly start-up), unless BUS_BENCH_COUNT says.
 */
const countFor = (engine: string) => Number(process.env.BUS_BENCH_COUNT ?? (engine === "native" ? 200_000 : 1_000_000));
/** Each path is measured this many times, alternating, and the best run kept (the machine may be busy). */
const rounds = Number(process.env.BUS_BENCH_ROUNDS ?? 3);
const perRunLimitMs = 30_000;
const only = process.env.BUS_BENCH_ONLY?.split(",").map((s) => s.trim()).filter(Boolean);
const configs: Array<{ runtime: RuntimeName; engine: "native" | "zmtp" }> = ([
  { runtime: "node", engine: "native" },
  { runtime: "node", engine: "zmtp" },
  { runtime: "deno", engine: "zmtp" },
  { runtime: "bun", engine: "zmtp" },
] as const).filter((c) => !only || only.includes(`${c.engine}/${c.runtime}`));

interface Proc {
  out(): string;
  wait(text: string, ms?: number): Promise<void>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  pid: number;
  cpu: CpuSampler;
  /** performance.now() when the summary line came out (the end of the measured window). */
  summaryAt(): number;
}

function start(runtime: RuntimeName, args: string[]): Proc {
  const cmd = scriptCommand(runtime, "commands/main.ts", args)!;
  const child = spawn(cmd[0], cmd.slice(1), {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  let out = "";
  let err = "";
  let summaryAt = 0;
  const cpu = new CpuSampler(child.pid!);
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    out += d;
    if (!summaryAt && out.includes('"type":"summary"')) summaryAt = performance.now();
  });
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  const killer = setTimeout(() => child.kill("SIGKILL"), perRunLimitMs);
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => {
      clearTimeout(killer);
      cpu.stop();
      resolve({ code, stdout: out, stderr: err });
    })
  );
  const wait = async (text: string, ms = 10_000) => {
    const end = Date.now() + ms;
    let closed = false;
    void done.then(() => (closed = true));
    while (!out.includes(text)) {
      if (closed || Date.now() > end) throw new Error(`no ${text} from ${args[0]}: ${err.trim() || out.trim()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { out: () => out, wait, done, pid: child.pid!, cpu, summaryAt: () => summaryAt || performance.now() };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

// deno-lint-ignore no-explicit-any -- a zmqdiag summary, parsed: the bench reads the fields it prints
function summaryOf(stdout: string): Record<string, any> {
  const line = stdout.split("\n").filter((l) => l.includes('"type":"summary"')).pop();
  if (!line) throw new Error(`no summary in: ${stdout.slice(-500)}`);
  return JSON.parse(line);
}

/** CPU microseconds per message of each process within the subscriber's window; undefined when not measurable. */
type CpuCost = { pub: number; sub: number; bus: number } | undefined;

/** One measured transfer; resolves with the subscriber's rate, how many it got, and the CPU cost. */
async function transfer(
  runtime: RuntimeName,
  engine: string,
  viaBus: boolean,
): Promise<{ rate: number; received: number; busDrops?: number | null; cpu: CpuCost }> {
  const count = countFor(engine);
  const common = ["--engine", engine, "--json", "--hwm", "0"];
  const a = `tcp://127.0.0.1:${await freePort()}`;
  const b = `tcp://127.0.0.1:${await freePort()}`;
  let bus: Proc | undefined;
  if (viaBus) {
    bus = start(runtime, ["bus", "--frontend", a, "--backend", b, "--stats-interval", "50", ...common]);
    await bus.wait('"type":"start"');
  }
  const sub = start(runtime, [
    "sub",
    viaBus ? b : a,
    ...(viaBus ? [] : ["--bind"]),
    "--count",
    String(count),
    "--idle-timeout",
    "3000",
    "--seq",
    "none",
    ...common,
  ]);
  await sub.wait('"type":"start"');
  if (bus) await bus.wait('"topic":""');
  const pub = start(runtime, [
    "pub",
    a,
    "--count",
    String(count),
    "--size",
    "100",
    "--warmup",
    "300",
    "--linger",
    "20000",
    ...common,
  ]);
  const s = await sub.done;
  await pub.done;
  const sum = summaryOf(s.stdout);
  const end = sub.summaryAt();
  const from = end - (1000 * sum.received) / sum.msgsPerSec;
  const perMessage = (p: Proc | undefined) => {
    const sec = p ? p.cpu.between(from, end) : 0;
    return sec === undefined ? NaN : (sec * 1e6) / sum.received;
  };
  const c = { pub: perMessage(pub), sub: perMessage(sub), bus: perMessage(bus) };
  let busDrops: number | null | undefined;
  if (bus) {
    process.kill(bus.pid, "SIGTERM");
    busDrops = summaryOf((await bus.done).stdout).drops;
  }
  return {
    rate: sum.msgsPerSec,
    received: sum.received,
    busDrops,
    cpu: Object.values(c).some(Number.isNaN) ? undefined : c,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The CPU line of one engine/runtime: cost per message per process and the bound it implies. */
function cpuLine(engine: string, directRuns: CpuCost[], busRuns: CpuCost[]): string {
  const d = directRuns.filter((x) => x !== undefined);
  const b = busRuns.filter((x) => x !== undefined);
  if (!d.length || !b.length) return "  CPU per message: not measurable here (no /proc)";
  const m = (xs: NonNullable<CpuCost>[], k: "pub" | "sub" | "bus") => median(xs.map((x) => x[k]));
  const direct = { pub: m(d, "pub"), sub: m(d, "sub") };
  const bus = { pub: m(b, "pub"), bus: m(b, "bus"), sub: m(b, "sub") };
  const us = (n: number) => n.toFixed(2);
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const bound = (n: number) => ratioBound(n, direct, bus, engine === "zmtp").toFixed(2);
  return `  CPU per message (us, all threads): direct pub ${us(direct.pub)} sub ${us(direct.sub)}; via bus pub ${
    us(bus.pub)
  } bus ${us(bus.bus)} sub ${us(bus.sub)}` +
    `; best ratio CPU allows on ${cores} idle cores: ${bound(cores)}, on 1: ${bound(1)} (load average now ${
      os.loadavg()[0].toFixed(1)
    })`;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log(
  `pub -> sub vs pub -> bus -> sub: ${fmt(countFor("native"))} (native) or ${
    fmt(countFor("zmtp"))
  } (zmtp) messages of 100 bytes, HWM unlimited, separate processes over loopback TCP`,
);
let failed = false;
for (const { runtime, engine } of configs) {
  if (!scriptCommand(runtime, "commands/main.ts")) {
    console.log(`${runtime}/${engine}: skipped (${runtime} is not installed)`);
    continue;
  }
  try {
    type Run = Awaited<ReturnType<typeof transfer>>;
    let direct: Run | undefined;
    let viaBus: Run | undefined;
    const cpu: { direct: CpuCost[]; viaBus: CpuCost[] } = { direct: [], viaBus: [] };
    for (let i = 0; i < rounds; i++) {
      const d = await transfer(runtime, engine, false);
      const b = await transfer(runtime, engine, true);
      cpu.direct.push(d.cpu);
      cpu.viaBus.push(b.cpu);
      if (!direct || d.rate > direct.rate) direct = d;
      if (!viaBus || b.rate > viaBus.rate) viaBus = b;
    }
    const ratio = viaBus!.rate / direct!.rate;
    console.log(
      `${`${engine} on ${runtime}`.padEnd(16)} direct ${fmt(direct!.rate).padStart(9)} msg/s (${
        fmt(direct!.received)
      } received)` +
        `  via bus ${fmt(viaBus!.rate).padStart(9)} msg/s (${fmt(viaBus!.received)} received, bus drops ${
          viaBus!.busDrops ?? "not measurable"
        })` +
        `  ratio ${ratio.toFixed(2)} ${ratio >= 0.8 ? "(>= 0.8: ok)" : "(below the 0.8 target)"}`,
    );
    console.log(cpuLine(engine, cpu.direct, cpu.viaBus));
  } catch (e) {
    failed = true;
    console.log(`${engine} on ${runtime}: failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
process.exitCode = failed ? 1 : 0;
