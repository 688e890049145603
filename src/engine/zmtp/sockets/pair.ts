/** PAIR: exactly one peer; a second one is refused at the end of its handshake. */
import type { Buffer } from "node:buffer";
import type { PeerInfo } from "../connection-end.ts";
import type { Pipe } from "../pipe.ts";
import { SocketBase } from "../socket-base.ts";
import type { ResolvedOptions } from "../options.ts";

/** A PAIR socket. */
export class PairSocket extends SocketBase {
  constructor(options: ResolvedOptions) {
    super("pair", options);
  }

  protected override admit(_peer: PeerInfo, pipe: Pipe | null): string | undefined {
    const other = this.pipes.find((p) => p !== pipe && (p.live || p.persistent));
    return other ? "a PAIR socket already has its peer" : undefined;
  }

  protected override trySend(frames: Buffer[]): boolean {
    const pipe = this.pipes[0];
    if (pipe === undefined || !pipe.hasRoom()) return false;
    pipe.enqueue(frames);
    return true;
  }
}
