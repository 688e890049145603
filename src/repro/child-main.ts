/**
 * The child process of one repro run (scenario x form x engine x runtime). It installs the
 * unhandled-rejection detector before anything else, runs the form's three phases and reports
 * to the parent (see child-protocol.ts). After shutdown it must end by itself: that is the
 * `exit` phase, whose deadline the parent keeps. It ends at once when its parent dies.
 * Usage: child-main (--scenario <name> | --file <path>) [--describe] --form <i> --engine <native|zmtp|none> --iterations <n> --seed <n>
 */
import { setInterval } from "node:timers";
import { endWithParent } from "../runtime/parent-watch.ts";
import { onUnhandledRejection } from "../runtime/unhandled-rejections.ts";
import { type ChildState, type Phase, sendToParent } from "./child-protocol.ts";
import { errorText } from "./error-text.ts";

// A repro killed with SIGKILL cannot end its children: each one watches for that itself.
endWithParent();

let rejections = 0;
onUnhandledRejection((reason) => {
  rejections++;
  sendToParent({ t: "rejection", message: rejections <= 5 ? errorText(reason) : undefined });
});

function argValue(name: string): string | undefined {
  const args = process.argv;
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function loadScenario() {
  const { checkScenario } = await import("./scenario-info.ts");
  const file = argValue("file");
  if (file) {
    // The module imports `zmqdiag`, which its own folder may not have: this install answers.
    const { resolveSelfImports } = await import("../runtime/self-import.ts");
    await resolveSelfImports();
    const { pathToFileURL } = await import("node:url");
    const path = await import("node:path");
    const mod = (await import(pathToFileURL(path.resolve(file)).href)) as { default?: unknown };
    return { scenario: checkScenario(mod.default, file), file };
  }
  const { scenarios } = await import("../scenarios/catalog.ts");
  const name = argValue("scenario");
  const found = scenarios.find((s) => s.name === name);
  if (!found) throw new Error(`unknown scenario "${name}"`);
  return { scenario: found, file: undefined };
}

async function main(): Promise<void> {
  const { scenario, file } = await loadScenario();
  if (process.argv.includes("--describe")) {
    const { describeScenario } = await import("./scenario-info.ts");
    sendToParent({ t: "describe", scenario: describeScenario(scenario, file) });
    return;
  }
  const form = scenario.forms[Number(argValue("form") ?? 0)];
  const engineName = (argValue("engine") ?? "none") as "native" | "zmtp" | "none";
  const { runtimeName } = await import("../runtime/runtime-name.ts");
  let engine;
  if (engineName !== "none") {
    const { loadEngine, EngineUnavailableError } = await import("../engine/load.ts");
    try {
      engine = await loadEngine(engineName);
    } catch (e) {
      if (!(e instanceof EngineUnavailableError)) throw e;
      sendToParent({ t: "skip", reason: e.message });
      return;
    }
  }
  const { makeContext } = await import("./child-context.ts");
  const { ctx, state } = makeContext({
    engine,
    engineName,
    runtime: runtimeName(),
    variant: form.variant,
    iterations: Number(argValue("iterations") ?? scenario.defaultIterations),
    seed: Number(argValue("seed") ?? 0),
    note: (text) => sendToParent({ t: "note", text: String(text) }),
  });
  reportStateOnChange(state);
  await runPhases(form.program, ctx, state);
}

let lastState = "";
function report(state: () => ChildState): void {
  const s = state();
  lastState = JSON.stringify({ ...s, registry: { ...s.registry, at: 0 } });
  sendToParent({ t: "state", state: s });
}

/** The parent reads the latest state when the child hangs: keep it fresh, without keeping the child alive. */
function reportStateOnChange(state: () => ChildState): void {
  setInterval(() => {
    const s = state();
    if (JSON.stringify({ ...s, registry: { ...s.registry, at: 0 } }) !== lastState) report(state);
  }, 100).unref();
  // On a deadline the parent asks for the state just before it kills the child.
  process.on("SIGUSR2", () => report(state));
  process.on("exit", () => report(state));
}

async function runPhases(
  program: import("../scenarios/types.ts").ScenarioProgram,
  ctx: import("../scenarios/types.ts").ScenarioContext,
  state: () => ChildState,
): Promise<void> {
  let errors = 0;
  let current: Phase = "setup";
  process.on("beforeExit", () => {
    if (current !== "exit") sendToParent({ t: "drained", phase: current });
  });
  const phase = async <T>(name: Phase, body: () => Promise<T>): Promise<{ ok: boolean; value?: T }> => {
    current = name;
    sendToParent({ t: "phase", phase: name });
    report(state);
    try {
      return { ok: true, value: await body() };
    } catch (e) {
      errors++;
      sendToParent({ t: "error", phase: name, message: errorText(e) });
      return { ok: false };
    }
  };
  const setup = await phase("setup", () => program.setup(ctx));
  if (!setup.ok) {
    // Nothing to run or shut down: end now rather than report a hang of a half-made setup.
    report(state);
    process.exit(1);
  }
  await phase("run", () => program.run(ctx, setup.value));
  await phase("shutdown", () => program.shutdown(ctx, setup.value));
  process.exitCode = errors ? 1 : 0;
  current = "exit";
  sendToParent({ t: "phase", phase: "exit" });
  report(state);
}

main().catch((e) => {
  sendToParent({ t: "error", phase: "load", message: errorText(e) });
  process.exit(1);
});
