/** DEALER (RFC 28): round-robin out (waiting for room), fair-queue in, no envelopes. */
import type { Buffer } from "node:buffer";
import { SocketBase } from "../socket-base.ts";
import type { ResolvedOptions } from "../options.ts";

/** A DEALER socket. */
export class DealerSocket extends SocketBase {
  constructor(options: ResolvedOptions) {
    super("dealer", options);
  }

  protected override trySend(frames: Buffer[]): boolean {
    return this.roundRobin(frames) !== null;
  }
}
