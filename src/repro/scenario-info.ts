/**
 * What the parent needs to know of a scenario, as plain data: built from the catalog in the
 * parent, or sent by a child that loaded a user's --file module (so the parent never runs user code).
 */
import type { EngineName } from "../engine/types.ts";
import type { RuntimeName } from "../runtime/runtime-name.ts";
import type { Scenario, Symptom, Variant } from "../scenarios/types.ts";
import type { Phase } from "./child-protocol.ts";

/** One form, as data. */
export interface FormInfo {
  variant: Variant;
  form: string;
  description: string;
  reproduces: Symptom[];
  engines?: EngineName[];
  /** Runtimes it applies to (default: all). */
  runtimes?: RuntimeName[];
  /** The program's three phases as source text, for --explain. */
  text: string;
}

/** A scenario, as data. */
export interface ScenarioInfo {
  name: string;
  title: string;
  /** What was documented, and the upstream reports it comes from. */
  source: { documented: string; reports: string[] };
  symptom: string;
  fix: string;
  usesEngine: boolean;
  defaultIterations: number;
  deadlines: Partial<Record<Phase, number>>;
  forms: FormInfo[];
  /** The module it came from, for a user's --file scenario. */
  file?: string;
}

const symptoms: readonly Symptom[] = ["unhandledRejections", "hangs", "lostMessages", "crashes"];

/** Checks that a module's default export has the scenario shape; throws a one-line reason. */
export function checkScenario(value: unknown, where: string): Scenario {
  const s = value as Partial<Scenario> | undefined;
  const bad = (why: string) =>
    new Error(`${where}: ${why} (expected \`export default defineScenario({ name, forms, ... })\`)`);
  if (!s || typeof s !== "object") throw bad("no default export");
  if (typeof s.name !== "string" || !/^[a-z0-9][a-z0-9._-]*$/i.test(s.name)) {
    throw bad("`name` must be a word like my-scenario");
  }
  if (!Array.isArray(s.forms) || s.forms.length === 0) throw bad("`forms` must list at least one form");
  for (const f of s.forms) {
    if (f?.variant !== "buggy" && f?.variant !== "fixed") throw bad("each form's `variant` must be buggy or fixed");
    if (typeof f.form !== "string" || f.form === "") throw bad("each form needs a `form` name");
    if (
      !f.program || typeof f.program.setup !== "function" || typeof f.program.run !== "function" ||
      typeof f.program.shutdown !== "function"
    ) {
      throw bad(`form ${f.form}: \`program\` needs setup, run and shutdown functions`);
    }
    if (f.variant === "buggy" && (!f.reproduces?.length || f.reproduces.some((r) => !symptoms.includes(r)))) {
      throw bad(`buggy form ${f.form}: \`reproduces\` must name one or more of ${symptoms.join(", ")}`);
    }
  }
  return s as Scenario;
}

/** The scenario as data. */
export function describeScenario(s: Scenario, file?: string): ScenarioInfo {
  return {
    name: s.name,
    title: s.title ?? s.name,
    source: { documented: s.source?.documented ?? "", reports: [...(s.source?.reports ?? [])] },
    symptom: s.symptom ?? "",
    fix: s.fix ?? "",
    usesEngine: Boolean(s.usesEngine),
    defaultIterations: s.defaultIterations > 0 ? s.defaultIterations : 1,
    deadlines: { ...s.deadlines },
    forms: s.forms.map((f) => ({
      variant: f.variant,
      form: f.form,
      description: f.description ?? "",
      reproduces: f.variant === "buggy" ? [...(f.reproduces ?? [])] : [],
      engines: f.engines ? [...f.engines] : undefined,
      runtimes: f.runtimes ? [...f.runtimes] : undefined,
      text: (["setup", "run", "shutdown"] as const).map((p) => dedent(String(f.program[p]))).join("\n\n"),
    })),
    file,
  };
}

/** Removes the indentation a method's source keeps from its place in the file. */
function dedent(text: string): string {
  const lines = text.split("\n");
  const rest = lines.slice(1).filter((l) => l.trim() !== "");
  const indent = Math.min(...rest.map((l) => /^ */.exec(l)![0].length));
  if (!Number.isFinite(indent) || indent === 0) return text;
  const last = lines.length > 1 ? /^ */.exec(lines[lines.length - 1])![0].length : 0;
  const cut = Math.min(indent, last || indent);
  return [lines[0], ...lines.slice(1).map((l) => l.slice(Math.min(cut, /^ */.exec(l)![0].length)))].join("\n");
}
