/** Which socket types can send and which can receive: the one table both engines read. */
import type { SocketType } from "./types.ts";

const directions: Record<SocketType, { send: boolean; receive: boolean }> = {
  pub: { send: true, receive: false },
  xpub: { send: true, receive: true },
  sub: { send: false, receive: true },
  // XSUB sends its subscriptions (and any other message) upstream.
  xsub: { send: true, receive: true },
  push: { send: true, receive: false },
  pull: { send: false, receive: true },
  pair: { send: true, receive: true },
  dealer: { send: true, receive: true },
  router: { send: true, receive: true },
  req: { send: true, receive: true },
  rep: { send: true, receive: true },
};

/** True when a socket of `type` has send() (and a send high-water mark). */
export function canSend(type: SocketType): boolean {
  return directions[type].send;
}

/** True when a socket of `type` has receive() (and a receive high-water mark). */
export function canReceive(type: SocketType): boolean {
  return directions[type].receive;
}
