/**
 * Copies a small byte range between buffers the fastest way on this runtime. Measured for a
 * 102-byte copy (the forwarded 100-byte message): Buffer#copy costs 85 ns on Node, 122 on Deno
 * and 22 on Bun; Uint8Array#set from a fresh view 75, 45 and 73 ns.
 */
import type { Buffer } from "node:buffer";
import { runtimeName } from "./runtime-name.ts";

/** Copies `src[start, end)` into `dst` at `at`; the caller has checked that it fits. */
export type CopyBytes = (src: Buffer, start: number, end: number, dst: Buffer, at: number) => void;

const viaView: CopyBytes = (src, start, end, dst, at) =>
  dst.set(new Uint8Array(src.buffer, src.byteOffset + start, end - start), at);
const viaCopy: CopyBytes = (src, start, end, dst, at) => void src.copy(dst, at, start, end);

/** The copy for this runtime. */
export const copyBytes: CopyBytes = runtimeName() === "bun" ? viaCopy : viaView;
