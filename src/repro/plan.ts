/**
 * Expands what the user asked for into runs (scenario x form x engine x runtime), in the order
 * they are shown, and lists the combinations that cannot run, with the reason. A runtime asked
 * for by name and not installed is a usage error; with `--runtime all`, the ones not found are
 * skipped and named (see runtimesNotFound).
 */
import { UsageError } from "../cli/usage-error.ts";
import { autoEngine, nativeUnsupportedReason } from "../engine/load.ts";
import type { EngineName } from "../engine/types.ts";
import { howToInstall, runtimeExecutable } from "../runtime/runtime-command.ts";
import { type RuntimeName, runtimeName } from "../runtime/runtime-name.ts";
import { type Phase, phases } from "./child-protocol.ts";
import type { RunSpec } from "./run-spec.ts";
import type { SkippedRun } from "./run-result.ts";
import type { FormInfo, ScenarioInfo } from "./scenario-info.ts";

/** --variant values. */
export type VariantChoice = "buggy" | "fixed" | "both";
/** --engine values. */
export type EngineSelection = "auto" | EngineName | "all";
/** --runtime values. */
export type RuntimeSelection = "current" | RuntimeName | "all";

/** Phase deadlines, in ms, where a scenario sets none: sized so that a default repro stays short. */
export const defaultDeadlines: Record<Phase, number> = { setup: 5000, run: 10_000, shutdown: 2000, exit: 2000 };

/** What to run. */
export interface PlanOptions {
  variant: VariantChoice;
  engine: EngineSelection;
  runtime: RuntimeSelection;
  iterations?: number;
  /** --timeout: every phase's deadline, overriding defaults and the scenario's own. */
  timeoutMs?: number;
  seed: number;
}

/** One planned item, in display order. */
export type PlanItem = { kind: "run"; spec: RunSpec } | { kind: "skip"; skipped: SkippedRun };

/** The runtimes a selection means. */
export function runtimesOf(sel: RuntimeSelection): RuntimeName[] {
  if (sel === "all") return ["node", "deno", "bun"];
  return [sel === "current" ? runtimeName() : sel];
}

/** The runtimes of a selection that are not installed here. */
export function runtimesNotFound(sel: RuntimeSelection): RuntimeName[] {
  return runtimesOf(sel).filter((r) => !runtimeExecutable(r));
}

/** The line that names runtimes not found, and how to get them. */
export function notFoundText(missing: RuntimeName[]): string {
  return `not found: ${missing.join(", ")}, whose runs were skipped; to run them: ${howToInstall(missing)}`;
}

function enginesOf(sel: EngineSelection, runtime: RuntimeName): EngineName[] {
  if (sel === "all") return ["native", "zmtp"];
  return [sel === "auto" ? autoEngine(runtime) : sel];
}

/** The deadlines of a scenario's runs. */
export function deadlinesFor(s: ScenarioInfo, timeoutMs?: number): Record<Phase, number> {
  const out = { ...defaultDeadlines, ...s.deadlines };
  if (timeoutMs !== undefined) { for (const p of phases) out[p] = timeoutMs; }
  return out;
}

/** Why a form cannot run with this engine on this runtime, or undefined when it can. */
function whyNot(f: FormInfo, engine: EngineName | "none", runtime: RuntimeName): string | undefined {
  const engines = f.engines;
  if (!runtimeExecutable(runtime)) return `${runtime} not found`;
  if (engine !== "none" && engines && !engines.includes(engine)) {
    return `this form applies to the ${engines.join(" and ")} engine only`;
  }
  if (f.runtimes && !f.runtimes.includes(runtime)) return `this form applies on ${f.runtimes.join(" and ")} only`;
  if (engine === "none") return undefined;
  if (engine === "native") return nativeUnsupportedReason(runtime);
  return undefined;
}

/** The runs and skips, scenario by scenario, form by form. */
export function planRuns(scenarios: ScenarioInfo[], o: PlanOptions): PlanItem[] {
  if (o.runtime !== "all" && o.runtime !== "current" && !runtimeExecutable(o.runtime)) {
    throw new UsageError(`--runtime ${o.runtime}: ${o.runtime} is not installed; ${howToInstall([o.runtime])}`);
  }
  const items: PlanItem[] = [];
  for (const s of scenarios) {
    s.forms.forEach((f, formIndex) => {
      if (o.variant !== "both" && f.variant !== o.variant) return;
      for (const runtime of runtimesOf(o.runtime)) {
        const engines: Array<EngineName | "none"> = s.usesEngine ? enginesOf(o.engine, runtime) : ["none"];
        for (const engine of engines) {
          const reason = whyNot(f, engine, runtime);
          if (reason) {
            items.push({
              kind: "skip",
              skipped: { scenario: s.name, variant: f.variant, form: f.form, engine, runtime, reason },
            });
            continue;
          }
          const iterations = o.iterations ?? s.defaultIterations;
          items.push({
            kind: "run",
            spec: {
              scenario: s,
              formIndex,
              engine,
              runtime,
              iterations,
              seed: o.seed,
              deadlines: deadlinesFor(s, o.timeoutMs),
            },
          });
        }
      }
    });
  }
  return items;
}
