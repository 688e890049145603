/** The options of `zmqdiag bus`, and the checks that need no engine. */
import { type Endpoint, parseEndpoint } from "../engine/endpoint.ts";
import type { EngineChoice } from "../engine/load.ts";
import { UsageError } from "../cli/usage-error.ts";

/** What `zmqdiag bus` was asked to do. */
export interface BusOptions {
  /** Bound XSUB endpoint: publishers connect here. */
  frontend: string;
  /** Bound XPUB endpoint: subscribers connect here. */
  backend: string;
  engine: EngineChoice;
  /** Periodic counters every this many ms; undefined = none. */
  statsIntervalMs?: number;
  /** Stop by itself after this many ms. */
  durationMs?: number;
  /** How long shutdown may take before it is reported as a hang, ms. */
  shutdownTimeoutMs: number;
  /** High-water mark of both sockets, both directions (0 = unlimited, as in libzmq). */
  hwm?: number;
  /** Largest message accepted from a peer on either socket, bytes; -1 unlimited (the engine's default when absent). */
  maxMessageSize?: number;
  /** Topics that get their own subscription counts (the busiest); the rest are counted together. */
  topTopics?: number;
  /** Forward every subscription and unsubscription, not only the first and last of a topic. */
  verboseSubscriptions: boolean;
  json: boolean;
  report?: string;
}

/** Default for --shutdown-timeout, ms. */
export const defaultShutdownTimeoutMs = 2000;

/** Same address twice, whatever the spelling (tcp://localhost vs tcp://127.0.0.1 is left to bind). */
function sameAddress(a: Endpoint, b: Endpoint): boolean {
  if (a.transport === "tcp" && b.transport === "tcp") {
    if (a.port === 0 || b.port === 0) return false;
    const wild = a.host === "*" || b.host === "*";
    return a.port === b.port && (wild || a.host.toLowerCase() === b.host.toLowerCase());
  }
  if (a.transport === "ipc" && b.transport === "ipc") return a.path === b.path;
  return false;
}

/** Checks the endpoints; throws a one-line UsageError/EndpointError. */
export function checkBusEndpoints(o: Pick<BusOptions, "frontend" | "backend">): void {
  const f = parseEndpoint(o.frontend, { forBind: true });
  const b = parseEndpoint(o.backend, { forBind: true });
  if (sameAddress(f, b)) {
    throw new UsageError(
      `--frontend and --backend must differ (both are ${
        o.frontend === o.backend ? o.frontend : `${o.frontend} / ${o.backend}`
      })`,
    );
  }
}
