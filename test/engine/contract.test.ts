/**
 * The engine contract: the same behavioural tests against every engine, each talking to a peer
 * of its own engine over loopback TCP. An engine that cannot run on this runtime, or has not
 * landed yet, is skipped with the reason.
 */
import { it } from "node:test";
import type { Engine, EngineName } from "../../src/engine/types.ts";
import { EngineUnavailableError, loadEngine, nativeUnsupportedReason } from "../../src/engine/load.ts";
import { testableEngines } from "../helpers/engines.ts";
import { messagingContract } from "./contract/messaging.ts";
import { framesContract } from "./contract/frames.ts";
import { receiveRulesContract } from "./contract/receive-rules.ts";
import { bindingContract } from "./contract/binding.ts";
import { receiveBatchContract } from "./contract/receive-batch.ts";
import { errorWordsContract } from "./contract/error-words.ts";

async function load(name: EngineName): Promise<Engine | string> {
  if (!testableEngines().includes(name)) return nativeUnsupportedReason() ?? `${name} cannot run here`;
  try {
    return await loadEngine(name);
  } catch (e) {
    if (e instanceof EngineUnavailableError) return e.message;
    throw e;
  }
}

for (const name of ["native", "zmtp"] as const) {
  const loaded = await load(name);
  if (typeof loaded === "string") {
    // The reason is in the name too: not every runner prints a skip's reason.
    it(`engine contract (${name}) - skipped: ${loaded}`, { skip: loaded }, () => {});
    continue;
  }
  const engine = () => loaded;
  messagingContract(name, engine);
  framesContract(name, engine);
  receiveRulesContract(name, engine);
  bindingContract(name, engine);
  receiveBatchContract(name, engine);
  errorWordsContract(name, engine);
}
