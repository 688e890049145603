/** zmqdiag as a library: the engine interface, the scenario shape, and the registry. */
export type {
  Engine, EngineName, SocketType, SocketOptions, ReceiveOptions, ZSocket, SocketCounters, SocketEvent, FrameInput,
} from "./engine/types.ts";
export { ZmqError, hasCode } from "./engine/errors.ts";
export { loadEngine, type EngineChoice } from "./engine/load.ts";
export { Registry, registry, type RegistrySnapshot, type PendingOperation } from "./engine/registry.ts";
export { defineScenario, type Scenario, type ScenarioContext, type ScenarioForm, type ScenarioProgram, type Symptom, type Variant } from "./scenarios/types.ts";
