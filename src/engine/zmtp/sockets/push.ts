/** PUSH (RFC 30): round-robin to peers with room; waits when none has room; never receives. */
import type { Buffer } from "node:buffer";
import { SocketBase } from "../socket-base.ts";
import type { ResolvedOptions } from "../options.ts";

/** A PUSH socket. */
export class PushSocket extends SocketBase {
  constructor(options: ResolvedOptions) {
    super("push", options);
  }

  protected override trySend(frames: Buffer[]): boolean {
    return this.roundRobin(frames) !== null;
  }

  protected override onMessage(): void {
    // A PULL peer never sends; anything that arrives is ignored, as libzmq does.
  }
}
