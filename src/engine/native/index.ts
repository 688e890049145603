/** The native engine (placeholder until its issue lands). */
import type { Engine } from "../types.ts";
import { EngineUnavailableError } from "../load.ts";

/** Creates the native engine. */
export async function createNativeEngine(): Promise<Engine> {
  throw new EngineUnavailableError("the native engine is not available yet");
}
