// zmtp engine throughput and memory, in one run: 100-byte PUSH/PULL and PUB/SUB over TCP
// loopback (both sockets in one process, as the notes measured zeromq.js), for zmtp under Node,
// Deno and Bun and for native (zeromq.js) under Node, through zmqdiag's engine interface on both
// sides; then the zmtp/native ratio on Node and the peak RSS of a 1,000,000-message run.
// Every figure printed is measured in this run. Each measurement runs in its own process
// (this same file with --run), killed after 30 s; the whole benchmark stays under a minute.
// Usage: node --import tsx bench/zmtp.bench.ts            (npm run bench zmtp)
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

type Kind = "push" | "pub";
interface Result {
  kind: Kind;
  engine: string;
  runtime: string;
  sent: number;
  received: number;
  drops: number | null;
  seconds: number;
  msgsPerSec: number;
  peakRssMiB: number;
  /** RSS at each quarter of the run, MiB: flat memory means these stay close. */
  rssQuartersMiB: number[];
  timedOut: boolean;
}

const BODY = 100;
const DEADLINE_MS = 15_000;

/** One measurement, in this process: prints one JSON line. */
async function measure(kind: Kind, engineName: "zmtp" | "native", count: number): Promise<void> {
  const { loadEngine } = await import("../src/engine/load.ts");
  const { runtimeName } = await import("../src/runtime/runtime-name.ts");
  const engine = await loadEngine(engineName);
  const [rx, tx] = kind === "push"
    ? [engine.socket("pull"), engine.socket("push")]
    : [engine.socket("sub"), engine.socket("pub")];
  const ep = await rx.bind("tcp://127.0.0.1:0");
  if (kind === "pub") rx.subscribe("");
  await tx.connect(ep);
  await new Promise((r) => setTimeout(r, 200)); // let the subscription reach the publisher
  let peak = 0;
  const rss = () => (process.memoryUsage.rss ? process.memoryUsage.rss() : process.memoryUsage().rss);
  const sample = () => (peak = Math.max(peak, rss()));
  const quarters: number[] = [];
  const body = new Uint8Array(BODY).fill(0x61);
  const start = performance.now();
  const deadline = Date.now() + DEADLINE_MS;
  let received = 0;
  let timedOut = false;
  const receiving = (async () => {
    while (received < count) {
      try {
        await rx.receive();
      } catch {
        break;
      }
      received++;
      if ((received & 0x3fff) === 0) sample();
    }
  })();
  let sent = 0;
  for (; sent < count; sent++) {
    await tx.send(body);
    if ((sent & 255) === 255) {
      if ((sent & 0x3fff) === 0x3fff) sample();
      if (quarters.length < 4 && sent + 1 >= ((quarters.length + 1) * count) / 4) quarters.push(mib(rss()));
      // A publisher never waits: it gives the event loop a turn every 256 messages (25 KB), as a
      // real one would; without it a PUB outruns the reader in the same thread and drops.
      if (kind === "pub") await new Promise((r) => setImmediate(r));
      if (Date.now() > deadline) {
        timedOut = true;
        sent++;
        break;
      }
    }
  }
  // PUB may drop: wait until everything arrived or nothing came for half a second.
  for (let i = 0; i < 200 && received < sent; i++) {
    const before = received;
    const done = await Promise.race([receiving.then(() => true), new Promise((r) => setTimeout(() => r(false), 500))]);
    if (done || received === before) break;
  }
  const last = performance.now();
  sample();
  while (quarters.length < 4) quarters.push(mib(rss()));
  const drops = tx.counters().drops;
  const vmHwm = peakFromProc();
  const seconds = (last - start) / 1000;
  const result: Result = {
    kind,
    engine: engineName,
    runtime: runtimeName(),
    sent,
    received,
    drops,
    seconds,
    msgsPerSec: Math.round(received / seconds),
    peakRssMiB: mib(Math.max(peak, vmHwm)),
    rssQuartersMiB: quarters,
    timedOut,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  tx.close();
  rx.close();
  // zeromq.js may keep the process up with an unsettled receive: end it here.
  setTimeout(() => process.exit(0), 100);
}

function mib(bytes: number): number {
  return Math.round((bytes / 1048576) * 10) / 10;
}

/** Peak RSS the kernel recorded (Linux), in bytes; 0 elsewhere. */
function peakFromProc(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), "..");

function commandFor(runtime: string, args: string[]): [string, string[]] | undefined {
  const local = (n: string) => path.join(root, "node_modules", ".bin", n);
  if (runtime === "node") return [process.execPath, ["--import", "tsx", here, ...args]];
  if (!fs.existsSync(local(runtime))) return undefined;
  if (runtime === "deno") return [local("deno"), ["run", "-A", "--quiet", here, ...args]];
  return [local("bun"), [here, ...args]];
}

/** Runs one measurement in a child process of `runtime`. */
function child(runtime: string, kind: Kind, engine: string, count: number): Promise<Result | string> {
  const cmd = commandFor(runtime, ["--run", kind, engine, String(count)]);
  if (!cmd) return Promise.resolve(`${runtime} is not installed`);
  return new Promise((resolve) => {
    const p = spawn(cmd[0], cmd[1], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    const t = setTimeout(() => p.kill("SIGKILL"), 30_000);
    p.on("close", (code, signal) => {
      clearTimeout(t);
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve(JSON.parse(line) as Result);
      else resolve(`failed (exit ${code ?? signal}): ${err.trim().split("\n").slice(-1)[0] ?? ""}`);
    });
  });
}

function row(label: string, r: Result | string): string {
  if (typeof r === "string") return `${label.padEnd(22)} ${r}`;
  const rate = `${(r.msgsPerSec / 1e6).toFixed(2)} M msg/s`;
  const detail = `${r.received.toLocaleString("en-US")}/${r.sent.toLocaleString("en-US")} received in ${
    r.seconds.toFixed(2)
  } s, drops ${r.drops ?? "n/a"}, peak RSS ${r.peakRssMiB} MiB`;
  return `${label.padEnd(22)} ${rate.padStart(14)}   ${detail}${r.timedOut ? " (stopped at the 15 s deadline)" : ""}`;
}

async function main(): Promise<void> {
  const began = Date.now();
  const ZMTP_N = 1_000_000;
  const NATIVE_N = 300_000; // zeromq.js runs at about 0.25 M msg/s: a rate needs no more
  const results = new Map<string, Result | string>();
  process.stdout.write(
    `100-byte messages over tcp://127.0.0.1, sender and receiver in one process; ${
      ZMTP_N.toLocaleString("en-US")
    } messages for zmtp, ${NATIVE_N.toLocaleString("en-US")} for native\n\n`,
  );
  for (const kind of ["push", "pub"] as const) {
    const title = kind === "push" ? "PUSH -> PULL" : "PUB -> SUB";
    process.stdout.write(`${title}\n`);
    for (
      const [runtime, engine, n] of [["node", "zmtp", ZMTP_N], ["deno", "zmtp", ZMTP_N], ["bun", "zmtp", ZMTP_N], [
        "node",
        "native",
        NATIVE_N,
      ]] as const
    ) {
      const r = await child(runtime, kind, engine, n);
      results.set(`${kind}/${engine}/${runtime}`, r);
      process.stdout.write(`  ${row(`${engine} on ${runtime}`, r)}\n`);
    }
    const z = results.get(`${kind}/zmtp/node`);
    const n = results.get(`${kind}/native/node`);
    if (typeof z === "object" && typeof n === "object" && n.msgsPerSec > 0) {
      process.stdout.write(
        `  ratio zmtp/native on node: ${(z.msgsPerSec / n.msgsPerSec).toFixed(1)}x (target >= 4x)\n`,
      );
    }
    process.stdout.write("\n");
  }
  const mem = results.get("push/zmtp/node");
  if (typeof mem === "object") {
    process.stdout.write(
      `memory, zmtp on node, ${
        mem.sent.toLocaleString("en-US")
      }-message PUSH/PULL run: peak RSS ${mem.peakRssMiB} MiB; RSS at each quarter ${
        mem.rssQuartersMiB.join(" / ")
      } MiB\n`,
    );
  }
  process.stdout.write(`(benchmark took ${((Date.now() - began) / 1000).toFixed(1)} s)\n`);
}

const args = process.argv.slice(2);
if (args[0] === "--run") await measure(args[1] as Kind, args[2] as "zmtp" | "native", Number(args[3]));
else await main();
