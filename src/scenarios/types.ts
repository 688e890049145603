/**
 * The shape of a scenario: what `zmqdiag repro` runs, and what a user's own `--file` module
 * exports (as its default export). Kept small and stable: it is part of the public API.
 */
import type { Engine, EngineName } from "../engine/types.ts";
import type { RuntimeName } from "../runtime/runtime-name.ts";

/** The two kinds of program a scenario has. */
export type Variant = "buggy" | "fixed";

/** The counts a run reports; a buggy form names those it must make non-zero. */
export type Symptom = "unhandledRejections" | "hangs" | "lostMessages" | "crashes";

/** What a scenario program gets from the harness, in the child process. */
export interface ScenarioContext {
  /** The engine under test; sockets it makes are tracked, so a hang can name them. Undefined when the scenario uses no engine. */
  readonly engine: Engine | undefined;
  readonly engineName: EngineName | "none";
  readonly runtime: RuntimeName;
  readonly variant: Variant;
  /** How many times to repeat the scenario's core step (--iterations, else the scenario's default). */
  readonly iterations: number;
  /** The seed of this run; `random()` is derived from it. */
  readonly seed: number;
  /** Seeded pseudo-random number in [0, 1): every random choice must come from here. */
  random(): number;
  /** Sequence accounting: a message with this number was sent by the scenario... */
  sent(seq: number): void;
  /** ...and was processed by the application. Sent but never processed = lost. */
  processed(seq: number): void;
  /**
   * Records something pending outside the engine's sockets (a worker's receive, a channel
   * wait), so that a hang names it. Returns the function that marks it settled.
   */
  pending(owner: string, operation: string): () => void;
  /** A line of detail for the report. */
  note(text: string): void;
}

/** One program of a scenario: three phases, each with a deadline enforced by the harness. */
export interface ScenarioProgram<State = unknown> {
  /** Makes sockets, workers, peers. Its result is passed to the other phases. */
  setup(ctx: ScenarioContext): Promise<State>;
  /** Does the work the scenario is about. */
  run(ctx: ScenarioContext, state: State): Promise<void>;
  /** Shuts everything down. After it, the process must exit by itself (the harness's exit phase). */
  shutdown(ctx: ScenarioContext, state: State): Promise<void>;
}

/** One runnable form: the fixed program, or a buggy one (a scenario may document several). */
export interface ScenarioForm {
  variant: Variant;
  /** Short name of the form, e.g. "race" or "terminate-worker"; shown beside the variant. */
  form: string;
  /** One sentence: what this form does. */
  description: string;
  /** For a buggy form: the counts it must make non-zero to have reproduced the failure. */
  reproduces?: Symptom[];
  /** Engines this form applies to (default: every engine, or none when the scenario uses none). */
  engines?: EngineName[];
  /** Runtimes this form applies to (default: every runtime), for a failure that only some runtimes have. */
  runtimes?: RuntimeName[];
  // deno-lint-ignore no-explicit-any -- each form's program has a state type of its own
  program: ScenarioProgram<any>;
}

/** A documented failure, reproduced. */
export interface Scenario {
  /** Identifier used on the command line, e.g. "recv-string-cancel". */
  name: string;
  title: string;
  /** Where it comes from: what was documented, and the upstream reports (issue and pull request URLs). */
  source: { documented: string; reports?: string[] };
  /** What goes wrong, in the JavaScript form. */
  symptom: string;
  /** What "fixed" means. */
  fix: string;
  /** Whether it talks ZeroMQ (then it runs once per engine), or only uses the runtime. */
  usesEngine: boolean;
  /** Default for --iterations. */
  defaultIterations: number;
  /** Per-phase deadlines in ms, where the harness defaults do not fit. */
  deadlines?: Partial<Record<"setup" | "run" | "shutdown" | "exit", number>>;
  forms: ScenarioForm[];
}

/** Identity function that gives a scenario module its types: `export default defineScenario({...})`. */
export function defineScenario(s: Scenario): Scenario {
  return s;
}
