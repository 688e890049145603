/**
 * Throughput of pub -> bus -> sub against pub -> sub directly, in one run: 100-byte messages, a
 * bounded count, each program a real `zmqdiag` process over loopback TCP, for native on Node
 * and zmtp on Node, Deno and Bun (each runtime that is installed). High-water marks are
 * unlimited on every socket so that nothing is dropped and both paths carry every message; the
 * publisher lingers until everything is delivered. The rate is the subscriber's, from its first
 * message to its last; each path is measured `rounds` times, alternating, and the best kept.
 * Target: bus/direct >= 0.8. BUS_BENCH_COUNT and BUS_BENCH_ROUNDS override the defaults.
 */
import net from "node:net";
import { spawn } from "node:child_process";
import { scriptCommand } from "../src/runtime/runtime-command.ts";
import type { RuntimeName } from "../src/runtime/runtime-name.ts";

const count = Number(process.env.BUS_BENCH_COUNT ?? 100_000);
/** Each path is measured this many times, alternating, and the best run kept (the machine may be busy). */
const rounds = Number(process.env.BUS_BENCH_ROUNDS ?? 2);
const perRunLimitMs = 30_000;
const configs: Array<{ runtime: RuntimeName; engine: "native" | "zmtp" }> = [
  { runtime: "node", engine: "native" },
  { runtime: "node", engine: "zmtp" },
  { runtime: "deno", engine: "zmtp" },
  { runtime: "bun", engine: "zmtp" },
];

interface Proc {
  out(): string;
  wait(text: string, ms?: number): Promise<void>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  pid: number;
}

function start(runtime: RuntimeName, args: string[]): Proc {
  const cmd = scriptCommand(runtime, "commands/main.ts", args)!;
  const child = spawn(cmd[0], cmd.slice(1), { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  const killer = setTimeout(() => child.kill("SIGKILL"), perRunLimitMs);
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => { clearTimeout(killer); resolve({ code, stdout: out, stderr: err }); }));
  const wait = async (text: string, ms = 10_000) => {
    const end = Date.now() + ms;
    let closed = false;
    void done.then(() => (closed = true));
    while (!out.includes(text)) {
      if (closed || Date.now() > end) throw new Error(`no ${text} from ${args[0]}: ${err.trim() || out.trim()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { out: () => out, wait, done, pid: child.pid! };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function summaryOf(stdout: string): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const line = stdout.split("\n").filter((l) => l.includes('"type":"summary"')).pop();
  if (!line) throw new Error(`no summary in: ${stdout.slice(-500)}`);
  return JSON.parse(line);
}

/** One measured transfer; resolves with the subscriber's rate and how many it got. */
async function transfer(runtime: RuntimeName, engine: string, viaBus: boolean): Promise<{ rate: number; received: number; busDrops?: number | null }> {
  const common = ["--engine", engine, "--json", "--hwm", "0"];
  const a = `tcp://127.0.0.1:${await freePort()}`;
  const b = `tcp://127.0.0.1:${await freePort()}`;
  let bus: Proc | undefined;
  if (viaBus) {
    bus = start(runtime, ["bus", "--frontend", a, "--backend", b, "--stats-interval", "50", ...common]);
    await bus.wait('"type":"start"');
  }
  const sub = start(runtime, ["sub", viaBus ? b : a, ...(viaBus ? [] : ["--bind"]), "--count", String(count), "--idle-timeout", "3000", "--seq", "none", ...common]);
  await sub.wait('"type":"start"');
  if (bus) await bus.wait('"topic":""');
  const pub = start(runtime, ["pub", a, "--count", String(count), "--size", "100", "--warmup", "300", "--linger", "20000", ...common]);
  const s = await sub.done;
  await pub.done;
  let busDrops: number | null | undefined;
  if (bus) {
    process.kill(bus.pid, "SIGTERM");
    busDrops = summaryOf((await bus.done).stdout).drops;
  }
  const sum = summaryOf(s.stdout);
  return { rate: sum.msgsPerSec, received: sum.received, busDrops };
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log(`pub -> sub vs pub -> bus -> sub: ${fmt(count)} messages of 100 bytes, HWM unlimited, separate processes over loopback TCP`);
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
    for (let i = 0; i < rounds; i++) {
      const d = await transfer(runtime, engine, false);
      const b = await transfer(runtime, engine, true);
      if (!direct || d.rate > direct.rate) direct = d;
      if (!viaBus || b.rate > viaBus.rate) viaBus = b;
    }
    const ratio = viaBus!.rate / direct!.rate;
    console.log(
      `${`${engine} on ${runtime}`.padEnd(16)} direct ${fmt(direct!.rate).padStart(9)} msg/s (${fmt(direct!.received)} received)` +
        `  via bus ${fmt(viaBus!.rate).padStart(9)} msg/s (${fmt(viaBus!.received)} received, bus drops ${viaBus!.busDrops ?? "not measurable"})` +
        `  ratio ${ratio.toFixed(2)} ${ratio >= 0.8 ? "(>= 0.8: ok)" : "(below the 0.8 target)"}`,
    );
  } catch (e) {
    failed = true;
    console.log(`${engine} on ${runtime}: failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
process.exitCode = failed ? 1 : 0;
