/**
 * The zmtp engine: ZeroMQ (ZMTP 3.1, NULL mechanism, tcp:// and ipc://) in TypeScript over
 * node:net, so it runs the same on Node, Deno and Bun and talks to libzmq peers.
 */
import type { Engine, SocketOptions, SocketType, ZSocket } from "../types.ts";
import { unknownSocketTypeError } from "../errors.ts";
import { type ResolvedOptions, resolveOptions } from "./options.ts";
import { DealerSocket } from "./sockets/dealer.ts";
import { PairSocket } from "./sockets/pair.ts";
import { PubSocket } from "./sockets/pub.ts";
import { PullSocket } from "./sockets/pull.ts";
import { PushSocket } from "./sockets/push.ts";
import { RepSocket } from "./sockets/rep.ts";
import { ReqSocket } from "./sockets/req.ts";
import { RouterSocket } from "./sockets/router.ts";
import { SubSocket } from "./sockets/sub.ts";
import { XPubSocket } from "./sockets/xpub.ts";
import { XSubSocket } from "./sockets/xsub.ts";

const factories: Record<SocketType, (o: ResolvedOptions) => ZSocket> = {
  pub: (o) => new PubSocket(o),
  sub: (o) => new SubSocket(o),
  xpub: (o) => new XPubSocket(o),
  xsub: (o) => new XSubSocket(o),
  push: (o) => new PushSocket(o),
  pull: (o) => new PullSocket(o),
  pair: (o) => new PairSocket(o),
  dealer: (o) => new DealerSocket(o),
  router: (o) => new RouterSocket(o),
  req: (o) => new ReqSocket(o),
  rep: (o) => new RepSocket(o),
};

/** Version string of this engine. */
export const zmtpVersion = "zmtp 3.1 (zmqdiag, pure TypeScript)";

/** Creates the zmtp engine. */
export function createZmtpEngine(): Engine {
  return {
    name: "zmtp",
    version: zmtpVersion,
    socket(type: SocketType, options?: SocketOptions): ZSocket {
      const make = factories[type];
      if (!make) throw unknownSocketTypeError(type);
      return make(resolveOptions(options));
    },
  };
}
