/**
 * Chooses and loads an engine. Engines are imported lazily, so that nothing touches the
 * zeromq.js addon unless the native engine is used (Bun aborts on its first socket).
 */
import type { Engine, EngineName } from "./types.ts";
import { type RuntimeName, runtimeName } from "../runtime/runtime-name.ts";
import { UserError } from "../user-error.ts";

/** What a user may ask for with --engine. */
export type EngineChoice = "auto" | EngineName;

/** All values --engine accepts. */
export const engineChoices: readonly EngineChoice[] = ["auto", "native", "zmtp"];

/** The engine refused on this runtime: the message is one line for the user (exit 2). */
export class EngineUnavailableError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "EngineUnavailableError";
  }
}

/** Why the native engine cannot run on `runtime`, or undefined when it can. */
export function nativeUnsupportedReason(runtime: RuntimeName = runtimeName()): string | undefined {
  if (runtime === "bun") {
    return 'the native engine (zeromq.js) cannot run on Bun: its first socket panics with "unsupported uv function: uv_poll_init_socket" (oven-sh/bun#18546); use --engine zmtp';
  }
  return undefined;
}

/** The engine `auto` means on a runtime: native on Node, zmtp on Deno and Bun. */
export function autoEngine(runtime: RuntimeName = runtimeName()): EngineName {
  return runtime === "node" ? "native" : "zmtp";
}

/**
 * The engine `pub`, `sub` and `bus` use: `auto` is zmtp on every runtime (faster than zeromq.js
 * here, and it counts drops exactly); `repro` keeps `autoEngine`, its scenarios being about zeromq.js.
 */
export function streamingEngine(choice: EngineChoice): EngineChoice {
  return choice === "auto" ? "zmtp" : choice;
}

/** Resolves a choice to an engine name, refusing what cannot run here. */
export function resolveEngineName(choice: EngineChoice, runtime: RuntimeName = runtimeName()): EngineName {
  const name = choice === "auto" ? autoEngine(runtime) : choice;
  if (name === "native") {
    const why = nativeUnsupportedReason(runtime);
    if (why) throw new EngineUnavailableError(why);
  }
  return name;
}

/** Loads the chosen engine. */
export async function loadEngine(choice: EngineChoice, runtime: RuntimeName = runtimeName()): Promise<Engine> {
  const name = resolveEngineName(choice, runtime);
  if (name === "native") {
    const { createNativeEngine } = await import("./native/index.ts");
    return createNativeEngine();
  }
  const { createZmtpEngine } = await import("./zmtp/index.ts");
  return createZmtpEngine();
}
