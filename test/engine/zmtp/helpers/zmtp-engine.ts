/**
 * Loads the engine these suites test: zmtp, or the reason to skip (while the engine is still a
 * placeholder, loading throws EngineUnavailableError "not available yet").
 * ZMQDIAG_WIRE_TESTS_ENGINE=native runs the same wire tests against libzmq (through the native
 * engine, on Node): that is how their expectations were checked against libzmq's real bytes.
 */
import { EngineUnavailableError, loadEngine } from "../../../../src/engine/load.ts";
import type { Engine, EngineName } from "../../../../src/engine/types.ts";

/** The engine, or why the suite is skipped. */
export type EngineUnderTest = { engine: Engine; skip: false } | { engine: undefined; skip: string };

/** The engine name the wire tests run against (zmtp unless overridden for a check against libzmq). */
export const engineUnderTestName: EngineName = process.env.ZMQDIAG_WIRE_TESTS_ENGINE === "native" ? "native" : "zmtp";

/** Loads the engine; only "unavailable" turns into a skip, any other failure is thrown (a bug). */
export async function loadEngineOrSkip(name: EngineName = engineUnderTestName): Promise<EngineUnderTest> {
  try {
    return { engine: await loadEngine(name), skip: false };
  } catch (e) {
    if (e instanceof EngineUnavailableError) return { engine: undefined, skip: `${name} engine: ${e.message}` };
    throw e;
  }
}

/** The TCP port of a bound endpoint such as tcp://127.0.0.1:40123. */
export function portOf(endpoint: string): number {
  const m = /:(\d+)$/.exec(endpoint);
  if (!m) throw new Error(`no port in endpoint ${endpoint}`);
  return Number(m[1]);
}
