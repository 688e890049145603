/** Socket types on the wire: their READY names and which pairs may talk (RFC 23, libzmq). */
import type { SocketType } from "../types.ts";

/** The name a socket type announces in READY. */
export function wireName(type: SocketType): string {
  return type.toUpperCase();
}

const peers: Record<SocketType, string[]> = {
  req: ["REP", "ROUTER"],
  rep: ["REQ", "DEALER"],
  dealer: ["REP", "DEALER", "ROUTER"],
  router: ["REQ", "DEALER", "ROUTER"],
  pub: ["SUB", "XSUB"],
  xpub: ["SUB", "XSUB"],
  sub: ["PUB", "XPUB"],
  xsub: ["PUB", "XPUB"],
  push: ["PULL"],
  pull: ["PUSH"],
  pair: ["PAIR"],
};

/** True when a socket of `type` may talk to a peer announcing `peerName`. */
export function compatible(type: SocketType, peerName: string): boolean {
  return peers[type].includes(peerName);
}

/** libzmq sends an Identity property (possibly empty) only for these types. */
export function sendsIdentity(type: SocketType): boolean {
  return type === "req" || type === "dealer" || type === "router";
}

/** Sockets whose peers send them subscriptions (SUBSCRIBE and CANCEL commands). */
export function receivesSubscriptions(type: SocketType): boolean {
  return type === "pub" || type === "xpub";
}
