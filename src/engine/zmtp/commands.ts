/**
 * ZMTP command bodies (RFC 23 / 37): READY with its properties, ERROR, SUBSCRIBE, CANCEL, PING,
 * PONG. A command body is `[name length][name][data]`; these helpers build and read bodies only,
 * the frame header is the encoder's job.
 */
import { Buffer } from "node:buffer";

/** A decoded command. */
export interface Command {
  name: string;
  data: Buffer;
}

/** Builds a command body. */
export function commandBody(name: string, data: Uint8Array = EMPTY): Buffer {
  const b = Buffer.allocUnsafe(1 + name.length + data.length);
  b[0] = name.length;
  b.write(name, 1, "latin1");
  b.set(data, 1 + name.length);
  return b;
}

/** Reads a command body; a string is the reason it is malformed. */
export function parseCommand(body: Buffer): Command | string {
  if (body.length < 1) return "empty command frame";
  const n = body[0];
  if (n === 0 || 1 + n > body.length) return "malformed command name";
  return { name: body.toString("latin1", 1, 1 + n), data: body.subarray(1 + n) };
}

/** READY with properties in the given order (libzmq sends Socket-Type, then Identity). */
export function readyBody(props: Array<[string, Uint8Array]>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of props) {
    const h = Buffer.allocUnsafe(1 + name.length + 4);
    h[0] = name.length;
    h.write(name, 1, "latin1");
    h.writeUInt32BE(value.length, 1 + name.length);
    parts.push(h, Buffer.from(value));
  }
  return commandBody("READY", Buffer.concat(parts));
}

/** Reads READY/metadata properties; names as sent (libzmq compares them case-sensitively). */
export function parseProperties(data: Buffer): Map<string, Buffer> | string {
  const props = new Map<string, Buffer>();
  let p = 0;
  while (p < data.length) {
    const n = data[p];
    if (n === 0 || p + 1 + n + 4 > data.length) return "malformed READY property";
    const name = data.toString("latin1", p + 1, p + 1 + n);
    const len = data.readUInt32BE(p + 1 + n);
    const start = p + 1 + n + 4;
    if (start + len > data.length) return "malformed READY property value";
    props.set(name, data.subarray(start, start + len));
    p = start + len;
  }
  return props;
}

/** ERROR with a reason (at most 255 bytes). */
export function errorBody(reason: string): Buffer {
  const r = Buffer.from(reason, "latin1").subarray(0, 255);
  return commandBody("ERROR", Buffer.concat([Buffer.from([r.length]), r]));
}

/** Reads the reason of an ERROR command. */
export function errorReason(data: Buffer): string {
  if (data.length === 0) return "";
  return data.toString("latin1", 1, Math.min(data.length, 1 + data[0]));
}

/** PING with a TTL in tenths of a second and up to 16 bytes of context. */
export function pingBody(ttlDeciseconds: number, context: Uint8Array = EMPTY): Buffer {
  const d = Buffer.allocUnsafe(2 + context.length);
  d.writeUInt16BE(Math.max(0, Math.min(0xffff, Math.round(ttlDeciseconds))), 0);
  d.set(context, 2);
  return commandBody("PING", d);
}

/** Reads a PING: its TTL (tenths of a second) and context; a string when malformed. */
export function parsePing(data: Buffer): { ttl: number; context: Buffer } | string {
  if (data.length < 2) return "malformed PING (no TTL)";
  if (data.length > 2 + 16) return "malformed PING (context over 16 bytes)";
  return { ttl: data.readUInt16BE(0), context: data.subarray(2) };
}

const EMPTY = Buffer.alloc(0);
