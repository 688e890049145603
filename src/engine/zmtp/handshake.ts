/**
 * The NULL handshake's READY: what this engine sends (exactly libzmq's properties: Socket-Type,
 * and Identity for REQ, DEALER and ROUTER) and the checks on the peer's (its socket type must
 * be one this socket may talk to).
 */
import { Buffer } from "node:buffer";
import type { SocketType } from "../types.ts";
import type { ConnectionEnd, PeerInfo } from "./connection-host.ts";
import { parseProperties, readyBody } from "./commands.ts";
import { compatible, sendsIdentity, wireName } from "./socket-types.ts";

/** The READY command body a socket of `type` sends. */
export function ownReady(type: SocketType, routingId: Uint8Array): Buffer {
  const props: Array<[string, Uint8Array]> = [["Socket-Type", Buffer.from(wireName(type), "latin1")]];
  if (sendsIdentity(type)) props.push(["Identity", routingId]);
  return readyBody(props);
}

/** Checks the data of a peer's READY: the peer, or why the connection must close. */
export function checkReady(type: SocketType, data: Buffer, minor: number): PeerInfo | { kind: ConnectionEnd["kind"]; reason: string } {
  const props = parseProperties(data);
  if (typeof props === "string") return { kind: "protocol-error", reason: props };
  const peerType = props.get("Socket-Type");
  if (!peerType) return { kind: "protocol-error", reason: "READY without Socket-Type" };
  const name = peerType.toString("latin1");
  if (!compatible(type, name)) return { kind: "handshake-failure", reason: `incompatible peer socket type ${name} for ${wireName(type)}` };
  return { socketType: name, minor, identity: Buffer.from(props.get("Identity") ?? EMPTY) };
}

const EMPTY = Buffer.alloc(0);
