/**
 * Reading the messages consume() hands over in place (MessageSink.encoded): whole messages as
 * ZMTP 3 frames back to back, `[flags][size: 1 byte, or 8 with LONG][body]`, MORE on every frame
 * but a message's last. Callers outside the engine see the payload without a Buffer being made.
 */

const MORE = 0x01;
const LONG = 0x02;
const COMMAND = 0x04;

/**
 * Calls `visit(chunk, at, len)` with the last frame of each message in `chunk[start, end)` (a
 * message's payload, where zmqdiag's header is), in order; returns how many messages there were.
 */
export function forEachLastFrame(
  chunk: Uint8Array,
  start: number,
  end: number,
  visit: (chunk: Uint8Array, at: number, len: number) => void,
): number {
  let n = 0;
  let i = start;
  while (i < end) {
    const flags = chunk[i];
    let size: number;
    let body: number;
    if ((flags & LONG) !== 0) {
      size = ((chunk[i + 1] << 24) | (chunk[i + 2] << 16) | (chunk[i + 3] << 8) | chunk[i + 4]) * 2 ** 32 +
        (((chunk[i + 5] << 24) | (chunk[i + 6] << 16) | (chunk[i + 7] << 8) | chunk[i + 8]) >>> 0);
      body = i + 9;
    } else {
      size = chunk[i + 1];
      body = i + 2;
    }
    // A command never lies inside a message; skipped should one ever be handed over.
    if ((flags & (MORE | COMMAND)) === 0) {
      visit(chunk, body, size);
      n++;
    }
    i = body + size;
  }
  return n;
}
