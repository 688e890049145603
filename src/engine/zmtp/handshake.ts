/**
 * The NULL handshake's READY: what this engine sends (exactly libzmq's properties: Socket-Type,
 * and Identity for REQ, DEALER and ROUTER) and the checks on the peer's (its socket type must
 * be one this socket may talk to).
 */
import { Buffer } from "node:buffer";
import type { SocketType } from "../types.ts";
import type { PeerInfo } from "./connection-end.ts";
import { type Fault, fault } from "./faults.ts";
import { type Command, errorReason, parseProperties, readyBody } from "./commands.ts";
import { compatible, sendsIdentity, wireName } from "./socket-types.ts";

/** The READY command body a socket of `type` sends. */
export function ownReady(type: SocketType, routingId: Uint8Array): Buffer {
  const props: Array<[string, Uint8Array]> = [["Socket-Type", Buffer.from(wireName(type), "latin1")]];
  if (sendsIdentity(type)) props.push(["Identity", routingId]);
  return readyBody(props);
}

/** The peer's first command must be READY (an ERROR says why it refuses us): the peer, or the fault. */
export function peerFromReady(type: SocketType, cmd: Command, minor: number): PeerInfo | Fault {
  if (cmd.name === "ERROR") return fault("ZMTP_PEER_ERROR", `peer sent ERROR: ${errorReason(cmd.data)}`);
  if (cmd.name !== "READY") return fault("ZMTP_BAD_READY", `expected READY, got ${cmd.name}`);
  return checkReady(type, cmd.data, minor);
}

/** Checks the data of a peer's READY: the peer, or the fault to close the connection with. */
export function checkReady(type: SocketType, data: Buffer, minor: number): PeerInfo | Fault {
  const props = parseProperties(data);
  if (typeof props === "string") return fault("ZMTP_BAD_READY", props);
  const peerType = props.get("Socket-Type");
  if (!peerType) return fault("ZMTP_BAD_READY", "READY without Socket-Type");
  const name = peerType.toString("latin1");
  if (!compatible(type, name)) {
    return fault("ZMTP_INCOMPATIBLE_SOCKET_TYPE", `incompatible peer socket type ${name} for ${wireName(type)}`);
  }
  return { socketType: name, minor, identity: Buffer.from(props.get("Identity") ?? EMPTY) };
}

const EMPTY = Buffer.alloc(0);
