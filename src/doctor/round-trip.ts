/** One message PUSH -> PULL over TCP loopback through an engine: the proof that it works here. */
import type { Engine } from "../engine/types.ts";

/** Sends one message and receives it; throws what went wrong. Resolves with the bound endpoint. */
export async function roundTrip(engine: Engine, receiveTimeoutMs = 3000): Promise<string> {
  const pull = engine.socket("pull", { linger: 0, receiveTimeout: receiveTimeoutMs });
  const push = engine.socket("push", { linger: 0 });
  try {
    const endpoint = await pull.bind("tcp://127.0.0.1:0");
    await push.connect(endpoint);
    await push.send("zmqdiag doctor");
    const [frame] = await pull.receive();
    if (frame?.toString() !== "zmqdiag doctor") {
      throw new Error(`received ${JSON.stringify(frame?.toString())} instead of "zmqdiag doctor"`);
    }
    return endpoint;
  } finally {
    push.close();
    pull.close();
  }
}

/** A receive on an empty socket with a receive timeout: must reject with EAGAIN, not hang or crash. */
export async function receiveTimeoutWorks(engine: Engine, timeoutMs = 50): Promise<void> {
  const pull = engine.socket("pull", { linger: 0, receiveTimeout: timeoutMs });
  try {
    await pull.bind("tcp://127.0.0.1:0");
    const outcome = await pull.receive().then(() => "a message", (e: { code?: string }) => e.code ?? String(e));
    if (outcome !== "EAGAIN") throw new Error(`a timed-out receive gave ${outcome}, expected EAGAIN`);
  } finally {
    pull.close();
  }
}
