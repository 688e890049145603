/** The ScenarioContext a repro child gives a scenario program, and the state it reports. */
import type { Engine, EngineName } from "../engine/types.ts";
import { registry } from "../engine/registry.ts";
import type { RuntimeName } from "../runtime/runtime-name.ts";
import type { ScenarioContext, Variant } from "../scenarios/types.ts";
import type { ChildState } from "./child-protocol.ts";
import { seededRandom } from "./seeded-random.ts";
import { DeliveryLedger } from "./delivery-ledger.ts";

/** Everything the context is made from. */
export interface ContextInput {
  engine: Engine | undefined;
  engineName: EngineName | "none";
  runtime: RuntimeName;
  variant: Variant;
  iterations: number;
  seed: number;
  note(text: string): void;
}

/** An engine whose every socket is tracked by the registry, so a hang can name it. */
export function trackedEngine(engine: Engine): Engine {
  return {
    name: engine.name,
    version: engine.version,
    socket: (type, options) => registry.track(engine.socket(type, options)),
  };
}

/** Makes the context, and a function that reads the state the parent is told about. */
export function makeContext(input: ContextInput): { ctx: ScenarioContext; state(): ChildState } {
  const tracker = new DeliveryLedger();
  const random = seededRandom(input.seed);
  const ctx: ScenarioContext = {
    engine: input.engine ? trackedEngine(input.engine) : undefined,
    engineName: input.engineName,
    runtime: input.runtime,
    variant: input.variant,
    iterations: input.iterations,
    seed: input.seed,
    random,
    sent: (seq) => tracker.sent(seq),
    processed: (seq) => tracker.processed(seq),
    pending: (owner, operation) => registry.pending(owner, operation),
    note: input.note,
  };
  return {
    ctx,
    state: () => ({ registry: registry.snapshot(), ...tracker.summary() }),
  };
}
