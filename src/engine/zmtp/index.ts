/** The zmtp engine (placeholder until its issue lands). */
import type { Engine } from "../types.ts";
import { EngineUnavailableError } from "../load.ts";

/** Creates the zmtp engine. */
export async function createZmtpEngine(): Promise<Engine> {
  throw new EngineUnavailableError("the zmtp engine is not available yet");
}
