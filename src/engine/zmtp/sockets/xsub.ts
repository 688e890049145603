/**
 * XSUB (RFC 29): subscriptions are sent as messages (1|0 + topic) and forwarded upstream;
 * other messages go to every publisher. Filters received messages like SUB.
 */
import { Buffer } from "node:buffer";
import type { ZmqError } from "../../errors.ts";
import type { ResolvedOptions } from "../options.ts";
import { SubSocket } from "./sub.ts";

/** An XSUB socket. */
export class XSubSocket extends SubSocket {
  constructor(options: ResolvedOptions) {
    super(options, "xsub");
  }

  protected override checkSend(): ZmqError | undefined {
    return undefined;
  }

  protected override trySend(frames: Buffer[]): boolean {
    const f = frames[0];
    if (frames.length === 1 && f.length > 0 && f[0] === 1) {
      const topic = Buffer.from(f.subarray(1));
      this.subscriptions.add(topic);
      this.upstream(true, topic);
    } else if (frames.length === 1 && f.length > 0 && f[0] === 0) {
      const topic = Buffer.from(f.subarray(1));
      if (this.subscriptions.remove(topic)) this.upstream(false, topic);
    } else {
      for (const p of this.pipes) if (p.live) p.conn!.sendNow(frames);
    }
    return true;
  }
}
