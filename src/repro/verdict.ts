/** Verdicts: a buggy form passes when it reproduces every symptom it documents; a fixed form when it is clean. */
import type { Symptom, Variant } from "../scenarios/types.ts";

/** The counts a verdict is made from. */
export interface Counts {
  unhandledRejections: number;
  hangs: number;
  lostMessages: number;
  crashes: number;
  errors: number;
}

/** The verdict, and whether the failure showed. */
export function judge(
  variant: Variant,
  reproduces: readonly Symptom[],
  c: Counts,
): { verdict: "pass" | "fail"; reproduced: boolean } {
  if (variant === "buggy") {
    const reproduced = reproduces.length > 0 && reproduces.every((s) => c[s] > 0);
    return { verdict: reproduced ? "pass" : "fail", reproduced };
  }
  const reproduced = c.unhandledRejections + c.hangs + c.lostMessages + c.crashes > 0;
  return { verdict: !reproduced && c.errors === 0 ? "pass" : "fail", reproduced };
}
