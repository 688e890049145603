/**
 * What a connection learns of its peer and how it ends: plain data shared by the connection,
 * the handshake and the socket. A leaf module (only faults.ts below it), so that these types
 * import no class and form no cycle.
 */
import type { Buffer } from "node:buffer";
import type { FaultCode, FaultKind } from "./faults.ts";

/** What the peer said in its greeting and READY. */
export interface PeerInfo {
  socketType: string;
  minor: number;
  identity: Buffer;
}

/** How a connection ended. */
export interface ConnectionEnd {
  kind: FaultKind;
  /** The stable code (faults.ts). */
  code: FaultCode;
  reason: string;
  /** True when the handshake had completed. */
  wasReady: boolean;
}

/** How far a connection has got: greeting, then READY (handshake), then traffic (ready); closed at the end. */
export type ConnectionState = "greeting" | "handshake" | "ready" | "closed";
