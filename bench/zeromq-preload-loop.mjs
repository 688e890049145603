// The loop the zeromq-preload bench times, in a child process of its own: PUSH to PULL over
// loopback TCP, 100-byte messages, each send and each receive awaited. Run bare, or with
// zmqdiag's preload (`node --import .../entry-keep.js`), which instruments zeromq.js.
// Prints one JSON line: {"messages", "seconds", "cpuSeconds"} (the whole process, libzmq's I/O thread included).
import { Pull, Push } from "zeromq";

const messages = Number(process.argv[2] ?? 100_000);
const payload = Buffer.alloc(100, 7);
const pull = new Pull({ linger: 0 });
await pull.bind("tcp://127.0.0.1:0");
const push = new Push({ linger: 0 });
push.connect(pull.lastEndpoint);

async function loop(n) {
  const producing = (async () => {
    for (let i = 0; i < n; i++) await push.send(payload);
  })();
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += (await pull.receive())[0].length;
  await producing;
  if (bytes !== n * payload.length) throw new Error(`received ${bytes} bytes, expected ${n * payload.length}`);
}

await loop(Math.min(messages, 20_000)); // warm-up of the addon and the JIT
const cpu0 = process.cpuUsage();
const started = performance.now();
await loop(messages);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
push.close();
pull.close();
console.log(JSON.stringify({ messages, seconds, cpuSeconds }));
