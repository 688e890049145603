/**
 * The child process that probes the native engine (zeromq.js) on this runtime: it may crash,
 * which is why it is a child. It prints one JSON line per step reached, so the parent knows
 * where a crash struck. Usage: native-probe-child --stage engine|raw-timeout
 */
import fs from "node:fs";

function step(data: Record<string, unknown>): void {
  fs.writeSync(1, `${JSON.stringify(data)}\n`);
}

async function engineStage(): Promise<void> {
  // Straight to the engine's factory, past load.ts's refusal on Bun: the probe's job is to meet the real failure.
  const { createNativeEngine } = await import("../engine/native/index.ts");
  step({ step: "load" });
  const engine = await createNativeEngine();
  step({ step: "loaded", version: engine.version });
  const { roundTrip, receiveTimeoutWorks } = await import("./round-trip.ts");
  await roundTrip(engine);
  step({ step: "round-trip" });
  await receiveTimeoutWorks(engine);
  step({ step: "receive-timeout" });
}

/** zeromq.js itself with a receive timeout set in libzmq (Deno segfaults here; the engine keeps timeouts in JavaScript). */
async function rawTimeoutStage(): Promise<void> {
  const mod = (await import("zeromq")) as typeof import("zeromq") & { default?: typeof import("zeromq") };
  const zmq = typeof mod.Pull === "function" ? mod : mod.default!;
  step({ step: "load" });
  const pull = new zmq.Pull({ receiveTimeout: 50, linger: 0 });
  await pull.bind("tcp://127.0.0.1:*");
  await pull.receive().catch(() => undefined);
  pull.close();
  step({ step: "receive-timeout" });
}

const stage = process.argv[process.argv.indexOf("--stage") + 1];
(stage === "raw-timeout" ? rawTimeoutStage() : engineStage()).then(
  () => {
    step({ step: "done" });
    process.exit(0);
  },
  (e: unknown) => {
    step({
      step: "error",
      message: e instanceof Error ? e.message : String(e),
      name: e instanceof Error ? e.name : "",
    });
    process.exit(1);
  },
);
