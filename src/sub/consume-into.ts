/**
 * `sub`'s fast path on engines with consume() (zmtp): the accounting runs inside the engine's
 * read of each chunk, finding message boundaries and sequence numbers in place, so no Buffer,
 * array or promise is made per message. Stops taking at the count still wanted, exactly.
 */
import type { Buffer } from "node:buffer";
import { forEachLastFrame } from "../engine/encoded-messages.ts";
import type { Consuming, ZSocket } from "../engine/types.ts";
import type { Accounting } from "./accounting.ts";

/** Feeds `acc` from `socket` until stopped; `wanted()` is how many more to take; `full()` is called once when none are. */
export function consumeInto(socket: ZSocket, acc: Accounting, wanted: () => number, full: () => void): Consuming {
  let now = 0;
  let done = false;
  const take = (buf: Uint8Array, at: number, len: number) => {
    if (done) return;
    if (wanted() <= 0) {
      done = true;
      return full();
    }
    acc.addAt(buf, at, len, now);
  };
  const check = () => {
    if (!done && wanted() <= 0) {
      done = true;
      full();
    }
  };
  return socket.consume!({
    encoded(chunk: Buffer, start: number, end: number) {
      // One clock read per chunk: its messages arrived together.
      now = performance.now();
      forEachLastFrame(chunk, start, end, take);
      check();
    },
    frames(frames: Buffer[]) {
      now = performance.now();
      const p = frames[frames.length - 1];
      take(p, 0, p.length);
      check();
    },
  });
}
