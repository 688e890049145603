/**
 * ZMTP 3.x bytes written by hand, the way libzmq 4.3.5 writes them (checked against zeromq.js),
 * for tests that play a raw peer. Nothing here is shared with the engine under test: a test
 * that built its expectations with the engine's own encoder could not catch the engine's bugs.
 */
import { Buffer } from "node:buffer";

/** A greeting's fields; the defaults are a 3.1 NULL peer. */
export interface GreetingFields {
  major?: number;
  minor?: number;
  /** Up to 20 ASCII characters, NUL padded. */
  mechanism?: string;
  /** Replaces the whole 20-byte mechanism field (for malformed ones). */
  mechanismField?: Uint8Array;
  /** Replaces the 10-byte signature. */
  signature?: Uint8Array;
  asServer?: number;
}

/** A 64-byte greeting. Padding bytes 1-8 carry what libzmq writes there (00..01). */
export function greeting(f: GreetingFields = {}): Buffer {
  const g = Buffer.alloc(64);
  if (f.signature) Buffer.from(f.signature).copy(g, 0, 0, 10);
  else {
    g[0] = 0xff;
    g[8] = 0x01;
    g[9] = 0x7f;
  }
  g[10] = f.major ?? 3;
  g[11] = f.minor ?? 1;
  if (f.mechanismField) Buffer.from(f.mechanismField).copy(g, 12, 0, 20);
  else g.write(f.mechanism ?? "NULL", 12, "latin1");
  g[32] = f.asServer ?? 0;
  return g;
}

/** Bytes 10-63 that a 3.1 NULL client greeting must carry (bytes 0-9 are checked apart). */
export const expectedGreetingTail: Buffer = greeting().subarray(10);

/** One frame: short form for bodies up to 255 bytes, long form above (as libzmq does), or `long` forced. */
export function frame(
  body: Uint8Array | string,
  opts: { more?: boolean; command?: boolean; long?: boolean } = {},
): Buffer {
  const b = typeof body === "string" ? Buffer.from(body) : Buffer.from(body);
  const long = opts.long ?? b.length > 255;
  const flags = (opts.more ? 0x01 : 0) | (long ? 0x02 : 0) | (opts.command ? 0x04 : 0);
  const head = long ? Buffer.alloc(9) : Buffer.alloc(2);
  head[0] = flags;
  if (long) head.writeBigUInt64BE(BigInt(b.length), 1);
  else head[1] = b.length;
  return Buffer.concat([head, b]);
}

/** The frames of a multipart message, MORE set on all but the last. */
export function message(...parts: Array<Uint8Array | string>): Buffer {
  return Buffer.concat(parts.map((p, i) => frame(p, { more: i < parts.length - 1 })));
}

/** A command body: `[name length][name][data]`. */
export function commandBody(name: string, data: Uint8Array | string = Buffer.alloc(0)): Buffer {
  return Buffer.concat([Buffer.from([name.length]), Buffer.from(name, "latin1"), Buffer.from(data)]);
}

/** A whole command frame. */
export function command(name: string, data: Uint8Array | string = Buffer.alloc(0)): Buffer {
  return frame(commandBody(name, data), { command: true });
}

/** One READY property: `[name length][name][value length: u32 BE][value]`. */
export function property(name: string, value: Uint8Array | string): Buffer {
  const v = Buffer.from(value);
  const head = Buffer.alloc(1 + name.length + 4);
  head[0] = name.length;
  head.write(name, 1, "latin1");
  head.writeUInt32BE(v.length, 1 + name.length);
  return Buffer.concat([head, v]);
}

/** Socket types whose READY carries an Identity (libzmq: REQ, DEALER, ROUTER). */
export const typesWithIdentity: readonly string[] = ["REQ", "DEALER", "ROUTER"];

/**
 * The READY body libzmq sends for `socketType` (upper case): Socket-Type, then Identity for
 * REQ, DEALER and ROUTER (empty unless a routing id is set).
 */
export function readyBody(socketType: string, identity = ""): Buffer {
  const props = [property("Socket-Type", socketType)];
  if (typesWithIdentity.includes(socketType)) props.push(property("Identity", identity));
  return commandBody("READY", Buffer.concat(props));
}

/** A READY command frame as libzmq would send it. */
export function ready(socketType: string, identity = ""): Buffer {
  return frame(readyBody(socketType, identity), { command: true });
}

/** A greeting and a READY, which is what a well-behaved NULL peer sends first. */
export function handshake(socketType: string, g: GreetingFields = {}): Buffer {
  return Buffer.concat([greeting(g), ready(socketType)]);
}

/** PING with a TTL in tenths of a second and a context of 0-16 bytes. */
export function ping(ttl: number, context: Uint8Array | string = ""): Buffer {
  const t = Buffer.alloc(2);
  t.writeUInt16BE(ttl);
  return command("PING", Buffer.concat([t, Buffer.from(context)]));
}

/** Subscription in the 3.1 command form (SUBSCRIBE / CANCEL). */
export function subscribeCommand(topic: string, cancel = false): Buffer {
  return command(cancel ? "CANCEL" : "SUBSCRIBE", topic);
}

/** Subscription in the 3.0 message form: 1 (subscribe) or 0 (cancel), then the topic. */
export function subscribeMessage(topic: string, cancel = false): Buffer {
  return frame(Buffer.concat([Buffer.from([cancel ? 0 : 1]), Buffer.from(topic)]));
}

/** The peer types a socket type may talk to (RFC 23 / libzmq), upper case. */
export const compatiblePeers: Readonly<Record<string, readonly string[]>> = {
  REQ: ["REP", "ROUTER"],
  REP: ["REQ", "DEALER"],
  DEALER: ["REP", "DEALER", "ROUTER"],
  ROUTER: ["REQ", "DEALER", "ROUTER"],
  PUB: ["SUB", "XSUB"],
  XPUB: ["SUB", "XSUB"],
  SUB: ["PUB", "XPUB"],
  XSUB: ["PUB", "XPUB"],
  PUSH: ["PULL"],
  PULL: ["PUSH"],
  PAIR: ["PAIR"],
};

/** A small seeded generator (mulberry32), so that "random bytes" are the same on every run. */
export function seededBytes(seed: number, length: number): Buffer {
  let a = seed >>> 0;
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}
