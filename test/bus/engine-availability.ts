/**
 * The engines the bus tests use here: testableEngines(), each loaded and given a quick probe of
 * what a forwarder needs most (a receive that is already waiting when a message arrives must get
 * it). A listed engine that fails to load or fails the probe throws, naming the engine fault
 * before the bus's own tests run.
 */
import { loadEngine } from "../../src/engine/load.ts";
import type { Engine, EngineName } from "../../src/engine/types.ts";
import { runtimeName } from "../../src/runtime/runtime-name.ts";
import { testableEngines } from "../helpers/engines.ts";

/** An engine to test with. */
export interface EngineCase {
  name: EngineName;
  engine: Engine;
}

/**
 * True when, three times over, a receive started before a message is sent (and 30 ms before,
 * so that the engine is idle when it arrives) resolves with it within `ms`.
 */
async function wakesWaitingReceive(engine: Engine, ms = 1000): Promise<boolean> {
  const pull = engine.socket("pull", { linger: 0 });
  const push = engine.socket("push", { linger: 0 });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const at = await pull.bind("tcp://127.0.0.1:0");
    await push.connect(at);
    for (let i = 0; i < 3; i++) {
      const got = pull.receive();
      got.catch(() => {});
      // Time passing is the probe: the engine must have gone idle (nothing to observe) before the message comes.
      await new Promise((r) => setTimeout(r, 30));
      await push.send(`probe ${i}`);
      const late = new Promise<undefined>((r) => {
        timer = setTimeout(() => r(undefined), ms);
      });
      const m = await Promise.race([got, late]);
      clearTimeout(timer);
      if (m === undefined || m[0].toString() !== `probe ${i}`) return false;
    }
    return true;
  } finally {
    clearTimeout(timer);
    push.close();
    pull.close();
  }
}

/** Loads each testable engine once; one that throws or fails the probe fails the suite. */
export async function engineCases(): Promise<EngineCase[]> {
  const out: EngineCase[] = [];
  for (const name of testableEngines()) {
    let engine: Engine;
    try {
      engine = await loadEngine(name);
    } catch (e) {
      throw new Error(
        `engine ${name} does not load on ${runtimeName()}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    if (!(await wakesWaitingReceive(engine).catch(() => false))) {
      throw new Error(
        `engine ${name} on ${runtimeName()}: a receive waiting before a message arrives did not get it within 1 s (an engine fault, shown here before the bus tests)`,
      );
    }
    out.push({ name, engine });
  }
  return out;
}
