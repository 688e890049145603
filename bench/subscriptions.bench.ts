/**
 * Topic matching with many subscriptions: the rate of `pub --bind` and of `bus` (zmtp) when one
 * extra peer holds 100,000 subscriptions (`held.<i>.`, none of which matches the messages'
 * topic `held.x`, so that matching walks into the trie), against the same with that peer
 * holding none. The extra peer is a zmtp SUB in this process; the measured publisher and
 * subscriber are real `zmqdiag` processes over loopback TCP, HWM unlimited. The figure is the
 * subscriber's rate; target: with/without >= 0.8. SUBS_BENCH_COUNT, SUBS_BENCH_ROUNDS and
 * SUBS_BENCH_ONLY (e.g. "node,bun") override the defaults.
 */
import net from "node:net";
import { spawn } from "node:child_process";
import { scriptCommand } from "../src/runtime/runtime-command.ts";
import type { RuntimeName } from "../src/runtime/runtime-name.ts";
import { loadEngine } from "../src/engine/load.ts";

const count = Number(process.env.SUBS_BENCH_COUNT ?? 300_000);
const rounds = Number(process.env.SUBS_BENCH_ROUNDS ?? 2);
const held = 100_000;
const only = process.env.SUBS_BENCH_ONLY?.split(",").map((s) => s.trim());
const runtimes = (["node", "deno", "bun"] as RuntimeName[]).filter((r) => !only || only.includes(r));
const engine = await loadEngine("zmtp");

function run(runtime: RuntimeName, args: string[]) {
  const cmd = scriptCommand(runtime, "commands/main.ts", args)!;
  const child = spawn(cmd[0], cmd.slice(1), {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const done = new Promise<string>((resolve) =>
    child.on("close", () => {
      clearTimeout(killer);
      resolve(out + err);
    })
  );
  const wait = async (text: string) => {
    for (let i = 0; i < 1000 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 10));
    if (!out.includes(text)) throw new Error(`no ${text}: ${err || out}`);
  };
  return { child, done, wait, out: () => out };
}

function freeEndpoint(): Promise<string> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(`tcp://127.0.0.1:${p}`));
    });
  });
}

function summaryOf(text: string): Record<string, number> {
  const line = text.split("\n").filter((l) => l.includes('"type":"summary"')).pop();
  if (!line) throw new Error(`no summary: ${text.slice(-400)}`);
  return JSON.parse(line);
}

/** Subscription messages the bus has passed up so far, from its last `stats` line. */
function upMessages(out: string): number {
  const line = out.split("\n").filter((l) => l.includes('"type":"stats"')).pop();
  return line ? JSON.parse(line).up.messages : 0;
}

/** The subscriber's rate through `pub --bind` (or a bus), with an extra peer holding `subs` subscriptions. */
async function rate(runtime: RuntimeName, viaBus: boolean, subs: number): Promise<number> {
  const common = ["--engine", "zmtp", "--json", "--hwm", "0"];
  const a = await freeEndpoint();
  const b = viaBus ? await freeEndpoint() : a;
  const extra = engine.socket("sub", { linger: 0 });
  for (let i = 0; i < subs; i++) extra.subscribe(`held.${i}.`);
  let bus: ReturnType<typeof run> | undefined;
  let pub: ReturnType<typeof run> | undefined;
  try {
    if (viaBus) {
      bus = run(runtime, ["bus", "--frontend", a, "--backend", b, "--stats-interval", "100", ...common]);
      await bus.wait('"type":"start"');
    } else {
      pub = run(runtime, [
        "pub",
        a,
        "--bind",
        "--topic",
        "held.x",
        "--count",
        String(count),
        "--size",
        "100",
        "--warmup",
        "3000",
        "--linger",
        "20000",
        ...common,
      ]);
      await pub.wait('"type":"start"');
    }
    await extra.connect(b);
    const sub = run(runtime, [
      "sub",
      b,
      "--count",
      String(count),
      "--idle-timeout",
      "5000",
      "--seq",
      "none",
      ...common,
    ]);
    await sub.wait('"type":"start"');
    // The subscriptions must be through the bus (its up count) and at the publisher (its warmup)
    // before the measured window, or handling them would be measured too.
    if (viaBus) {
      for (let i = 0; i < 600 && upMessages(bus!.out()) < subs + 1; i++) await new Promise((r) => setTimeout(r, 100));
      if (upMessages(bus!.out()) < subs + 1) {
        throw new Error(`the bus passed ${upMessages(bus!.out())} of ${subs + 1} subscriptions up`);
      }
      pub = run(runtime, [
        "pub",
        a,
        "--topic",
        "held.x",
        "--count",
        String(count),
        "--size",
        "100",
        "--warmup",
        "3000",
        "--linger",
        "20000",
        ...common,
      ]);
    }
    const s = summaryOf(await sub.done);
    await pub!.done;
    if (s.received !== count) throw new Error(`received ${s.received} of ${count}`);
    return s.msgsPerSec;
  } finally {
    extra.close();
    if (bus) {
      bus.child.kill("SIGTERM");
      await bus.done;
    }
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log(
  `one extra peer holding ${fmt(held)} subscriptions vs none: ${
    fmt(count)
  } messages of 100 bytes, zmtp, best of ${rounds}`,
);
let failed = false;
for (const runtime of runtimes) {
  if (!scriptCommand(runtime, "commands/main.ts")) {
    console.log(`${runtime}: skipped (not installed)`);
    continue;
  }
  for (const viaBus of [false, true]) {
    const what = `${viaBus ? "bus" : "pub --bind"} on ${runtime}`.padEnd(18);
    try {
      let none = 0;
      let few = 0;
      let many = 0;
      for (let i = 0; i < rounds; i++) {
        none = Math.max(none, await rate(runtime, viaBus, 0));
        few = Math.max(few, await rate(runtime, viaBus, 10));
        many = Math.max(many, await rate(runtime, viaBus, held));
      }
      const ratio = many / none;
      console.log(
        `${what} none ${fmt(none).padStart(9)} msg/s  ${fmt(held)} subscriptions ${
          fmt(many).padStart(9)
        } msg/s  ratio ${ratio.toFixed(2)} ${ratio >= 0.8 ? "(>= 0.8: ok)" : "(below the 0.8 target)"}`,
      );
      // With 10, the peer filters as with 100,000: what is left between them is the trie's own cost.
      console.log(
        `${" ".repeat(18)} 10 subscriptions ${fmt(few).padStart(9)} msg/s  100,000/10 ${(many / few).toFixed(2)}`,
      );
    } catch (e) {
      failed = true;
      console.log(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
process.exitCode = failed ? 1 : 0;
