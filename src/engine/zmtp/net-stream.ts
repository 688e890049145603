/**
 * The one place a node:net Socket becomes the ByteStream a connection runs over: no delay
 * (frames are batched already), and the exact unwritten count of runtime/unwritten-bytes.ts.
 */
import type net from "node:net";
import { unwrittenBytes } from "../../runtime/unwritten-bytes.ts";
import type { ByteStream, ByteStreamEvents } from "./byte-stream.ts";

/** `s` as a ByteStream. */
export function netStream(s: net.Socket): ByteStream {
  s.setNoDelay(true);
  return {
    write: (chunk) => s.write(chunk),
    get writableLength() {
      return s.writableLength;
    },
    unwrittenBytes: () => unwrittenBytes(s),
    pause: () => void s.pause(),
    resume: () => void s.resume(),
    end: () => void s.end(),
    destroy: () => void s.destroy(),
    on: <E extends keyof ByteStreamEvents>(event: E, handler: ByteStreamEvents[E]) => void s.on(event, handler),
    once: <E extends keyof ByteStreamEvents>(event: E, handler: ByteStreamEvents[E]) => void s.once(event, handler),
  };
}
