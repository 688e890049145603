/** Splitting a byte string into chunks, as a stream may deliver it. */
import type { Buffer } from "node:buffer";

/** Splits `bytes` at the given cut points (taken modulo its length + 1, duplicates ignored). */
export function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    parts.push(bytes.subarray(prev, p));
    prev = p;
  }
  return parts;
}
