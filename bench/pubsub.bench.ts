/**
 * pub -> sub through the CLI (two processes, --seq header, PUSH/PULL so nothing is dropped)
 * against a bare zeromq.js PUSH/PULL loop (two processes), 100-byte messages, on Node with the
 * native engine. Also bare PUSH -> CLI sub, which isolates the cost of sub's accounting.
 * Prints the rates measured in this run and the ratios. Bounded: each step is killed after
 * 40 s; on an idle 2-core machine the whole run takes about 30 s.
 */
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const messages = Number(process.env.ZMQDIAG_BENCH_MESSAGES ?? 200_000);
const size = 100;
const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), "..");
const cli = path.join(root, "dist", "commands", "main.js");
const limitMs = 40_000;

// The bare loops, run as child processes: `node -e` with zeromq.js and nothing else.
const barePull = `
const zmq = require("zeromq");
(async () => {
  const s = new zmq.Pull({ receiveHighWaterMark: 1000 });
  await s.bind(process.argv[1]);
  console.log("ready");
  let n = 0, first = 0, last = 0;
  while (n < ${messages}) {
    await s.receive();
    last = performance.now();
    if (n++ === 0) first = last;
  }
  console.log(JSON.stringify({ received: n, msgsPerSec: Math.round(((n - 1) * 1000) / (last - first)) }));
  s.close();
})();`;
const barePush = `
const zmq = require("zeromq");
(async () => {
  const s = new zmq.Push({ sendHighWaterMark: 1000, linger: 2000 });
  s.connect(process.argv[1]);
  const topic = Buffer.from("");
  for (let i = 0; i < ${messages}; i++) await s.send([topic, Buffer.alloc(${size})]);
  s.close();
})();`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

/** Starts a process; resolves its stdout when it ends (rejects after the time limit). */
function run(args: string[], onLine?: (line: string) => void): Promise<string> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    out += d;
    if (onLine) { for (const l of d.split("\n")) if (l) onLine(l); }
  });
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`timed out: ${args.slice(0, 3).join(" ")}`));
    }, limitMs);
    child.on("close", () => {
      clearTimeout(t);
      resolve(out);
    });
  });
}

/** Runs a receiver and, once it is ready, a sender; returns the receiver's rate. */
async function measure(receiver: "bare" | "cli", sender: "bare" | "cli"): Promise<number> {
  const ep = `tcp://127.0.0.1:${await freePort()}`;
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const recvArgs = receiver === "bare" ? ["-e", barePull, ep] : [
    cli,
    "sub",
    ep,
    "--bind",
    "--type",
    "pull",
    "--engine",
    "native",
    "--seq",
    "header",
    "--expect",
    String(messages),
    "--json",
  ];
  const recv = run(recvArgs, (l) => {
    if (l === "ready" || l.includes('"type":"start"')) ready();
  });
  await isReady;
  const send = run(
    sender === "bare" ? ["-e", barePush, ep] : [
      cli,
      "pub",
      ep,
      "--type",
      "push",
      "--engine",
      "native",
      "--count",
      String(messages),
      "--size",
      String(size),
      "--json",
    ],
  );
  const [out] = await Promise.all([recv, send]);
  const last = out.trim().split("\n").pop()!;
  const result = JSON.parse(last) as { received: number; msgsPerSec: number };
  if (result.received !== messages) throw new Error(`${receiver} received ${result.received} of ${messages}`);
  return result.msgsPerSec;
}

const fmt = (n: number) => n.toLocaleString("en-US");
const rounds = 2;
console.log(
  `pub/sub throughput, ${
    fmt(messages)
  } messages of ${size} bytes, PUSH -> PULL over TCP loopback, Node ${process.versions.node}, native engine, best of ${rounds} interleaved rounds`,
);
const best = { bare: 0, cliBoth: 0, cliSub: 0 };
// Interleaved, so that a busy moment of the machine does not favour one side.
for (let r = 0; r < rounds; r++) {
  best.bare = Math.max(best.bare, await measure("bare", "bare"));
  best.cliBoth = Math.max(best.cliBoth, await measure("cli", "cli"));
  best.cliSub = Math.max(best.cliSub, await measure("cli", "bare"));
}
const ratio = (n: number) => (n / best.bare).toFixed(2);
console.log(`  bare zeromq.js push -> bare pull          ${fmt(best.bare)} msg/s`);
console.log(`  zmqdiag pub -> zmqdiag sub --seq header   ${fmt(best.cliBoth)} msg/s  (${ratio(best.cliBoth)} of bare)`);
console.log(`  bare push -> zmqdiag sub --seq header     ${fmt(best.cliSub)} msg/s  (${ratio(best.cliSub)} of bare)`);
console.log(
  `  target: zmqdiag pub -> sub at 0.90 of the bare loop or better: ${
    best.cliBoth / best.bare >= 0.9 ? "met" : "NOT met"
  }`,
);
