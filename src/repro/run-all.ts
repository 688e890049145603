/**
 * Runs a plan, a few children at a time, and hands each outcome over in plan order (so the
 * table reads top to bottom). An engine a child finds unavailable on a runtime is not tried again.
 */
import type { PlanItem } from "./plan.ts";
import { runChild } from "./run-child.ts";
import type { RunResult, SkippedRun } from "./run-result.ts";

/** Called once per plan item, in plan order. */
export type OutcomeSink = { result(r: RunResult): void; skipped(s: SkippedRun): void };

/** Runs every item with at most `jobs` children at once. */
export async function runAll(
  items: PlanItem[],
  jobs: number,
  sink: OutcomeSink,
): Promise<{ results: RunResult[]; skipped: SkippedRun[] }> {
  const results: RunResult[] = [];
  const skipped: SkippedRun[] = [];
  const outcomes: Array<{ result?: RunResult; skip?: SkippedRun } | undefined> = new Array(items.length);
  const unavailable = new Map<string, string>();
  let emitted = 0;
  const flush = () => {
    while (emitted < items.length && outcomes[emitted]) {
      const o = outcomes[emitted++]!;
      if (o.result) {
        results.push(o.result);
        sink.result(o.result);
      } else {
        skipped.push(o.skip!);
        sink.skipped(o.skip!);
      }
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const item = items[i];
      if (item.kind === "skip") {
        outcomes[i] = { skip: item.skipped };
      } else {
        const { spec } = item;
        const form = spec.scenario.forms[spec.formIndex];
        const base = {
          scenario: spec.scenario.name,
          variant: form.variant,
          form: form.form,
          engine: spec.engine,
          runtime: spec.runtime,
        };
        const key = `${spec.engine}/${spec.runtime}`;
        const known = unavailable.get(key);
        if (known) {
          outcomes[i] = { skip: { ...base, reason: known } };
        } else {
          const o = await runChild(spec);
          if (o.kind === "skip") {
            if (spec.engine !== "none") unavailable.set(key, o.reason);
            outcomes[i] = { skip: { ...base, reason: o.reason } };
          } else {
            outcomes[i] = { result: o.result };
          }
        }
      }
      flush();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  return { results, skipped };
}
