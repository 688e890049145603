/** The documented scenarios, in the order `repro` runs and lists them. */
import type { Scenario } from "./types.ts";

/** Every built-in scenario. */
export const scenarios: Scenario[] = [];
