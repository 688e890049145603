/** Socket options of the zmtp engine with their defaults filled in and checked. */
import { Buffer } from "node:buffer";
import { ZmqError } from "../errors.ts";
import { defaultLingerMs, type SocketOptions } from "../types.ts";

/** Options with every value present. Times in milliseconds. */
export interface ResolvedOptions {
  sendHighWaterMark: number;
  receiveHighWaterMark: number;
  linger: number;
  receiveTimeout: number;
  sendTimeout: number;
  reconnectInterval: number;
  reconnectMaxInterval: number;
  heartbeatInterval: number;
  heartbeatTimeout: number;
  heartbeatTimeToLive: number;
  maxMessageSize: number;
  routingId: Buffer;
  connectTimeout: number;
  handshakeTimeout: number;
  verbosity: null | "allSubs" | "allSubsUnsubs";
}

/** zmqdiag's defaults: libzmq's, except linger, which is bounded so that exit never hangs. */
export const defaultOptions: Omit<ResolvedOptions, "routingId"> = {
  sendHighWaterMark: 1000,
  receiveHighWaterMark: 1000,
  linger: defaultLingerMs,
  receiveTimeout: -1,
  sendTimeout: -1,
  reconnectInterval: 100,
  reconnectMaxInterval: 0,
  heartbeatInterval: 0,
  heartbeatTimeout: -1,
  heartbeatTimeToLive: 0,
  maxMessageSize: -1,
  connectTimeout: 0,
  handshakeTimeout: 30_000,
  verbosity: null,
};

/** Fills in defaults; rejects values libzmq would refuse (EINVAL). */
export function resolveOptions(o: SocketOptions = {}): ResolvedOptions {
  const r: ResolvedOptions = { ...defaultOptions, routingId: Buffer.alloc(0) };
  for (const k of Object.keys(defaultOptions) as Array<keyof typeof defaultOptions>) {
    const v = (o as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (k === "verbosity") {
      if (v !== null && v !== "allSubs" && v !== "allSubsUnsubs") {
        throw new ZmqError("EINVAL", `invalid verbosity ${JSON.stringify(v)}`);
      }
      r.verbosity = v as ResolvedOptions["verbosity"];
      continue;
    }
    if (typeof v !== "number" || !Number.isFinite(v) || v < -1) {
      throw new ZmqError("EINVAL", `invalid value for option ${k}: ${String(v)}`);
    }
    (r as unknown as Record<string, number>)[k] = v;
  }
  if (o.routingId !== undefined) {
    const id = Buffer.from(o.routingId);
    // libzmq reserves ids starting with a zero byte for the ones it generates.
    if (id.length === 0 || id.length > 255 || id[0] === 0) {
      throw new ZmqError("EINVAL", "routingId must be 1 to 255 bytes and must not start with a zero byte");
    }
    r.routingId = id;
  }
  return r;
}
