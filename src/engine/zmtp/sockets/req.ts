/**
 * REQ (RFC 28): strict send/receive alternation (EFSM otherwise). A request goes, behind an
 * empty delimiter frame, round-robin to a peer with room (waiting for one); only that peer's
 * reply, with the delimiter, is accepted; anything else is dropped.
 */
import type { Buffer } from "node:buffer";
import { Buffer as B } from "node:buffer";
import { ZmqError } from "../../errors.ts";
import type { Pipe } from "../pipe.ts";
import { SocketBase } from "../socket-base.ts";
import type { ResolvedOptions } from "../options.ts";

const DELIMITER = B.alloc(0);

/** A REQ socket. */
export class ReqSocket extends SocketBase {
  /** The peer asked, while a reply is awaited. */
  private asked: Pipe | null = null;
  private awaiting = false;

  constructor(options: ResolvedOptions) {
    super("req", options);
  }

  protected override checkSend(): ZmqError | undefined {
    return this.awaiting ? new ZmqError("EFSM", "a REQ socket must receive the reply before sending again") : undefined;
  }

  protected override checkReceive(): ZmqError | undefined {
    return this.awaiting ? undefined : new ZmqError("EFSM", "a REQ socket must send a request before receiving");
  }

  protected override trySend(frames: Buffer[]): boolean {
    const pipe = this.roundRobin([DELIMITER, ...frames]);
    if (pipe === null) return false;
    this.asked = pipe;
    this.awaiting = true;
    return true;
  }

  protected override onMessage(pipe: Pipe, frames: Buffer[]): void {
    if (!this.awaiting || pipe !== this.asked || frames.length < 2 || frames[0].length !== 0) return;
    this.enqueue(pipe, frames);
  }

  protected override accept(pipe: Pipe, frames: Buffer[]): Buffer[] | null {
    if (!this.awaiting || pipe !== this.asked) return null;
    this.awaiting = false;
    this.asked = null;
    return frames.slice(1);
  }
}
