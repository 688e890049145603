/** PULL (RFC 30): fair-queues messages from its peers; never sends. */
import type { Buffer } from "node:buffer";
import { SocketBase } from "../socket-base.ts";
import type { ResolvedOptions } from "../options.ts";

/** A PULL socket. */
export class PullSocket extends SocketBase {
  constructor(options: ResolvedOptions) {
    super("pull", options);
  }

  protected override trySend(_frames: Buffer[]): boolean {
    return false;
  }
}
