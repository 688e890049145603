/**
 * The "virtual bus" of shutdown-hang: an XSUB/XPUB forwarder in the main thread. Publishers
 * connect to `frontend`, subscribers to `backend`; messages flow down, subscriptions up.
 */
import type { Engine, ZSocket } from "../engine/types.ts";

/** A running bus. */
export interface VirtualBus {
  frontend: string;
  backend: string;
  /** Stops forwarding (cancel-safe: no message is half taken) and closes both sockets. */
  close(): Promise<void>;
}

async function forward(from: ZSocket, to: ZSocket, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      await to.send(await from.receive({ signal }));
    } catch (e) {
      if (signal.aborted) return;
      throw e;
    }
  }
}

/** Binds the bus on loopback and starts forwarding. */
export async function startVirtualBus(engine: Engine): Promise<VirtualBus> {
  const xsub = engine.socket("xsub", { linger: 0 });
  const xpub = engine.socket("xpub", { linger: 0 });
  const frontend = await xsub.bind("tcp://127.0.0.1:0");
  const backend = await xpub.bind("tcp://127.0.0.1:0");
  const stop = new AbortController();
  const forwarding = Promise.all([forward(xsub, xpub, stop.signal), forward(xpub, xsub, stop.signal)]);
  return {
    frontend,
    backend,
    async close() {
      stop.abort();
      await forwarding;
      xsub.close();
      xpub.close();
    },
  };
}
