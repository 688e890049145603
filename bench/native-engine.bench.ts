/**
 * The native engine's cost over bare zeromq.js: the same PUSH/PULL loop over loopback TCP,
 * 100-byte messages, once on zeromq.js directly and once through zmqdiag's adapter (cancel-safe
 * receive, counters). Rounds alternate; the best round of each is compared (other processes on
 * the machine only ever slow a round down), with the medians shown too. Node only: this is the
 * engine zmqdiag uses on Node (Deno polls, Bun cannot load the addon).
 */
import { Buffer } from "node:buffer";
import { loadZeromq } from "../src/engine/native/load-zeromq.ts";
import { createNativeEngine } from "../src/engine/native/index.ts";

const messages = Number(process.env.BENCH_MESSAGES ?? 100_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const payload = Buffer.alloc(100, 7);

interface Pair {
  send(m: Buffer): Promise<void>;
  receive(): Promise<Buffer[]>;
  close(): void;
}

async function bare(): Promise<Pair> {
  const { zmq } = await loadZeromq();
  const pull = new zmq.Pull({ linger: 0 });
  await pull.bind("tcp://127.0.0.1:0");
  const push = new zmq.Push({ linger: 0 });
  push.connect(pull.lastEndpoint!);
  return {
    send: (m) => push.send(m),
    receive: () => pull.receive(),
    close: () => {
      push.close();
      pull.close();
    },
  };
}

async function adapter(): Promise<Pair> {
  const engine = await createNativeEngine();
  const pull = engine.socket("pull", { linger: 0 });
  const push = engine.socket("push", { linger: 0 });
  await push.connect(await pull.bind("tcp://127.0.0.1:0"));
  return {
    send: (m) => push.send(m),
    receive: () => pull.receive(),
    close: () => {
      push.close();
      pull.close();
    },
  };
}

/** Messages per second of one run of `make`'s pair. */
async function rate(make: () => Promise<Pair>): Promise<number> {
  const p = await make();
  const started = performance.now();
  const producing = (async () => {
    for (let i = 0; i < messages; i++) await p.send(payload);
  })();
  let bytes = 0;
  for (let i = 0; i < messages; i++) bytes += (await p.receive())[0].length;
  await producing;
  const seconds = (performance.now() - started) / 1000;
  p.close();
  if (bytes !== messages * payload.length) {
    throw new Error(`received ${bytes} bytes, expected ${messages * payload.length}`);
  }
  return messages / seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs: number[]) => Math.max(...xs);
const fmt = (r: number) => `${Math.round(r).toLocaleString("en-US")} msg/s`;

await rate(bare); // warm-up of the addon and the JIT
await rate(adapter);
const bareRates: number[] = [];
const adapterRates: number[] = [];
for (let r = 0; r < rounds; r++) {
  bareRates.push(await rate(bare));
  adapterRates.push(await rate(adapter));
}
const rounded = (xs: number[]) => xs.map((x) => `${Math.round(x / 1000)}k`).join(" ");
console.log(
  `PUSH/PULL over tcp://127.0.0.1, ${payload.length}-byte messages, ${
    messages.toLocaleString("en-US")
  } per round, ${rounds} rounds each (Node ${process.versions.node})`,
);
console.log(
  `  bare zeromq.js        best ${fmt(best(bareRates))}, median ${fmt(median(bareRates))}   (rounds: ${
    rounded(bareRates)
  })`,
);
console.log(
  `  zmqdiag native engine best ${fmt(best(adapterRates))}, median ${fmt(median(adapterRates))}   (rounds: ${
    rounded(adapterRates)
  })`,
);
console.log(
  `  ratio engine/bare     best ${(best(adapterRates) / best(bareRates) * 100).toFixed(1)}%, median ${
    (median(adapterRates) / median(bareRates) * 100).toFixed(1)
  }%`,
);
