/** One repro run to make: which scenario form, on which engine and runtime, with which deadlines. */
import type { EngineName } from "../engine/types.ts";
import type { RuntimeName } from "../runtime/runtime-name.ts";
import type { Phase } from "./child-protocol.ts";
import type { ScenarioInfo } from "./scenario-info.ts";

/** One run to make. */
export interface RunSpec {
  scenario: ScenarioInfo;
  formIndex: number;
  engine: EngineName | "none";
  runtime: RuntimeName;
  iterations: number;
  seed: number;
  deadlines: Record<Phase, number>;
}
