/** Which engines can run under the runtime the tests run on, and why not when they cannot. */
import { nativeUnsupportedReason } from "../../src/engine/load.ts";
import type { EngineName } from "../../src/engine/types.ts";

/** Engines to test here. */
export function testableEngines(): EngineName[] {
  return nativeUnsupportedReason() ? ["zmtp"] : ["native", "zmtp"];
}

/** A skip reason for the native engine on this runtime, or false when it runs. */
export function skipNative(): string | false {
  return nativeUnsupportedReason() ?? false;
}
