// The loop the zeromq-preload bench times, run under zmqdiag's preload (`node --import
// .../entry-keep.js`), which instruments zeromq.js: PUSH to PULL over loopback TCP, 100-byte
// messages, each send and each receive awaited. Rounds alternate, in this one process, between
// the sockets' own methods (instrumented) and zeromq.js's native methods called directly on the
// same sockets (bare, run twice per round as two ways, "bare" and "control": their difference is
// what the measurement itself varies by), so all see the same process, sockets and machine
// state. The order of the ways turns by one each round, so none always follows another.
// Prints one JSON line per round: {"mode", "messages", "seconds", "cpuSeconds"} (CPU: the whole
// process, libzmq's I/O thread included).
import { Pull, Push, Socket } from "zeromq";

const messages = Number(process.argv[2] ?? 50_000);
const rounds = Number(process.argv[3] ?? 10);
const payload = Buffer.alloc(100, 7);
const pull = new Pull({ linger: 0 });
await pull.bind("tcp://127.0.0.1:0");
const push = new Push({ linger: 0 });
push.connect(pull.lastEndpoint);

// Under the preload, zeromq.js's Socket is zmqdiag's subclass of the addon's own class.
const base = Object.getPrototypeOf(Socket.prototype);
const native = typeof base?.receive === "function" ? base : Socket.prototype;
const instrumented = native !== Socket.prototype;
const bare = { send: (m) => native.send.call(push, m), receive: () => native.receive.call(pull) };
const ways = {
  bare,
  control: { ...bare },
  instrumented: { send: (m) => push.send(m), receive: () => pull.receive() },
};

async function loop(way, n) {
  const producing = (async () => {
    for (let i = 0; i < n; i++) await way.send(payload);
  })();
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += (await way.receive())[0].length;
  await producing;
  if (bytes !== n * payload.length) throw new Error(`received ${bytes} bytes, expected ${n * payload.length}`);
}

async function round(mode) {
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  await loop(ways[mode], messages);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ mode, instrumented, messages, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
}

for (const mode of Object.keys(ways)) await loop(ways[mode], 20_000); // warm-up of the addon and the JIT, every way
const modes = Object.keys(ways);
for (let r = 0; r < rounds; r++) {
  for (let k = 0; k < modes.length; k++) await round(modes[(r + k) % modes.length]);
}
push.close();
pull.close();
