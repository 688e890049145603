/**
 * Makes a zeromq.js socket of one of zmqdiag's socket types, with zmqdiag's options mapped to
 * zeromq.js's. Timeouts are deliberately not passed on: a positive receiveTimeout/sendTimeout
 * segfaults Deno, so the adapter keeps them in JavaScript on every runtime.
 */
import type { Socket } from "zeromq";
import { defaultLingerMs, type SocketOptions, type SocketType } from "../types.ts";
import { canReceive, canSend } from "../socket-directions.ts";
import type { ZeromqModule } from "./load-zeromq.ts";

/** The zeromq.js class of each socket type (tests that drive libzmq directly use it too). */
export const zeromqClassNames = {
  pub: "Publisher",
  sub: "Subscriber",
  xpub: "XPublisher",
  xsub: "XSubscriber",
  push: "Push",
  pull: "Pull",
  pair: "Pair",
  dealer: "Dealer",
  router: "Router",
  req: "Request",
  rep: "Reply",
} as const satisfies Record<SocketType, keyof ZeromqModule>;

// Which zeromq.js classes have which option (setting one a class lacks would be silently ignored).
const hasRoutingId = new Set<SocketType>(["dealer", "router", "req", "rep"]);

/** True when `type` is one of the socket types zmqdiag knows. */
export function isSocketType(type: string): type is SocketType {
  return Object.hasOwn(zeromqClassNames, type);
}

/** The zeromq.js constructor options for `type` and `options`. */
export function nativeOptions(type: SocketType, options: SocketOptions, polling: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = { linger: options.linger ?? defaultLingerMs };
  const copy = (name: keyof SocketOptions) => {
    if (options[name] !== undefined) o[name] = options[name];
  };
  for (
    const name of [
      "reconnectInterval",
      "reconnectMaxInterval",
      "heartbeatInterval",
      "heartbeatTimeout",
      "heartbeatTimeToLive",
      "maxMessageSize",
      "connectTimeout",
    ] as const
  ) copy(name);
  if (canSend(type)) copy("sendHighWaterMark");
  if (canReceive(type)) copy("receiveHighWaterMark");
  if (hasRoutingId.has(type)) copy("routingId");
  if (type === "xpub" && options.verbosity) o.verbosity = options.verbosity;
  // Zero timeouts are safe on Deno: each attempt returns at once, and the adapter polls.
  if (canSend(type) && (polling || (options.sendTimeout !== undefined && options.sendTimeout >= 0))) o.sendTimeout = 0;
  if (canReceive(type) && polling) o.receiveTimeout = 0;
  return o;
}

/** Creates the zeromq.js socket. */
export function createNativeSocket(
  zmq: ZeromqModule,
  type: SocketType,
  options: SocketOptions,
  polling: boolean,
): Socket {
  const Ctor = zmq[zeromqClassNames[type]] as unknown as new (o: Record<string, unknown>) => Socket;
  return new Ctor(nativeOptions(type, options, polling));
}
