/**
 * REP (RFC 28): receives one request at a time; the envelope (frames up to the empty
 * delimiter) is kept and put back in front of the reply, which goes to the peer that asked.
 * Requests without a delimiter are dropped; send before receive (or twice) is EFSM.
 */
import type { Buffer } from "node:buffer";
import { ZmqError } from "../../errors.ts";
import type { Pipe } from "../pipe.ts";
import { SocketBase } from "../socket-base.ts";
import type { ResolvedOptions } from "../options.ts";

/** A REP socket. */
export class RepSocket extends SocketBase {
  protected override readonly dropsAtHwm = true;
  private replyTo: { pipe: Pipe; envelope: Buffer[] } | null = null;

  constructor(options: ResolvedOptions) {
    super("rep", options);
  }

  protected override checkSend(): ZmqError | undefined {
    return this.replyTo ? undefined : new ZmqError("EFSM", "a REP socket must receive a request before sending");
  }

  protected override checkReceive(): ZmqError | undefined {
    return this.replyTo ? new ZmqError("EFSM", "a REP socket must send the reply before receiving again") : undefined;
  }

  protected override accept(pipe: Pipe, frames: Buffer[]): Buffer[] | null {
    const bottom = frames.findIndex((f) => f.length === 0);
    if (bottom < 0 || bottom === frames.length - 1) return null;
    this.replyTo = { pipe, envelope: frames.slice(0, bottom + 1) };
    return frames.slice(bottom + 1);
  }

  protected override trySend(frames: Buffer[]): boolean {
    const to = this.replyTo!;
    this.replyTo = null;
    if (to.pipe.live && !to.pipe.detached) {
      if (to.pipe.hasRoom()) to.pipe.enqueue([...to.envelope, ...frames]);
      else this.drop(to.pipe);
    }
    return true;
  }
}
