/**
 * zmqdiag's message header: the start of the payload frame of every message `pub` sends, so
 * that `sub` (or any program, in any language) can account for it. All integers big-endian.
 *
 * | offset | size | field                                                        |
 * |--------|------|--------------------------------------------------------------|
 * | 0      | 4    | magic "ZMQD" (0x5A 0x4D 0x51 0x44)                           |
 * | 4      | 1    | format version: 1                                            |
 * | 5      | 1    | flags: 0 (reserved)                                          |
 * | 6      | 2    | header length in bytes: 32 (u16)                             |
 * | 8      | 4    | stream id (u32)                                              |
 * | 12     | 4    | reserved: 0                                                  |
 * | 16     | 8    | sequence number (u64), from 0                                |
 * | 24     | 8    | send time, microseconds since the Unix epoch (u64)           |
 * | 32     | ...  | padding (zero bytes) up to the message size                  |
 */

/** The magic at offset 0, as a u32 ("ZMQD"). */
export const headerMagic = 0x5a4d5144;
/** The format version this code writes and reads. */
export const headerVersion = 1;
/** Size of the header in bytes: the smallest --size. */
export const headerSize = 32;

const two32 = 2 ** 32;

/** Writes a header at the start of `buf` (which must hold at least `headerSize` bytes). */
export function writeHeader(buf: Uint8Array, stream: number, seq: number, sentUs: number): void {
  // Byte by byte rather than through a DataView: `pub` writes one per message, allocation-free.
  writeU32BE(buf, 0, headerMagic);
  buf[4] = headerVersion;
  buf[5] = 0;
  buf[6] = headerSize >>> 8;
  buf[7] = headerSize & 0xff;
  writeU32BE(buf, 8, stream >>> 0);
  writeU32BE(buf, 12, 0);
  writeU32BE(buf, 16, Math.floor(seq / two32));
  writeU32BE(buf, 20, seq >>> 0);
  writeU32BE(buf, 24, Math.floor(sentUs / two32));
  writeU32BE(buf, 28, sentUs >>> 0);
}

function writeU32BE(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

/** A decoded header; `read` fills one in place so the hot path allocates nothing. */
export interface HeaderFields {
  stream: number;
  seq: number;
  sentUs: number;
}

/**
 * Reads a header from `buf` into `out`; false when `buf` is not a zmqdiag message of a known
 * version (or its numbers exceed 2^53, which no real run reaches).
 */
export function readHeader(buf: Uint8Array, out: HeaderFields): boolean {
  return readHeaderAt(buf, 0, buf.length, out);
}

/** readHeader for a payload that is `buf[at, at + len)` (read in place, e.g. from a received chunk). */
export function readHeaderAt(buf: Uint8Array, at: number, len: number, out: HeaderFields): boolean {
  if (len < headerSize) return false;
  // Bytes one by one rather than a DataView: no allocation per message.
  const magic = readU32BE(buf, at);
  if (magic !== headerMagic || buf[at + 4] !== headerVersion) return false;
  const seqHi = readU32BE(buf, at + 16);
  const timeHi = readU32BE(buf, at + 24);
  if (seqHi >= 0x200000 || timeHi >= 0x200000) return false;
  out.stream = readU32BE(buf, at + 8);
  out.seq = seqHi * two32 + readU32BE(buf, at + 20);
  out.sentUs = timeHi * two32 + readU32BE(buf, at + 28);
  return true;
}

/** A big-endian u32 at offset `o` of `b` (which must hold it). */
export function readU32BE(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}
