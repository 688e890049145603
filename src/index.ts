/** zmqdiag as a library: the engine interface, the scenario shape, and the registry. */
export type {
  Engine,
  EngineName,
  FrameInput,
  ReceiveOptions,
  SocketCounters,
  SocketEvent,
  SocketOptions,
  SocketType,
  ZSocket,
} from "./engine/types.ts";
export { hasCode, ZmqError } from "./engine/errors.ts";
export { type EngineChoice, loadEngine } from "./engine/load.ts";
export { type PendingOperation, Registry, registry, type RegistrySnapshot } from "./engine/registry.ts";
export {
  defineScenario,
  type Scenario,
  type ScenarioContext,
  type ScenarioForm,
  type ScenarioProgram,
  type Symptom,
  type Variant,
} from "./scenarios/types.ts";
