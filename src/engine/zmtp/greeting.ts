/**
 * The 64-byte ZMTP 3.x greeting: built whole, parsed from any chunking (RFC 23 and 37).
 * Padding bytes 1-8 are never checked; libzmq fills them with its identity length.
 */
import { Buffer } from "node:buffer";
import { type Fault, fault } from "./faults.ts";

/** Size of a ZMTP 3 greeting. */
export const GREETING_SIZE = 64;

/** The minor version this engine announces (ZMTP 3.1). */
export const OWN_MINOR = 1;

/** What a peer's greeting says. */
export interface PeerGreeting {
  major: number;
  minor: number;
}

/** Our greeting: signature, version 3.`minor`, mechanism NULL, as-server 0. */
export function buildGreeting(minor = OWN_MINOR): Buffer {
  const g = Buffer.alloc(GREETING_SIZE);
  g[0] = 0xff;
  g[8] = 0x01;
  g[9] = 0x7f;
  g[10] = 3;
  g[11] = minor;
  g.write("NULL", 12, "latin1");
  return g;
}

/**
 * Checks the first `have` bytes of a greeting as soon as they arrive, so that a peer speaking
 * something else is refused early (the mechanism as soon as its 20 bytes are in, before the
 * as-server byte and filler). Returns the fault, or undefined while all is well so far.
 */
export function checkGreetingPrefix(g: Uint8Array, have: number): Fault | undefined {
  if (have > 0 && g[0] !== 0xff) {
    return fault("ZMTP_BAD_SIGNATURE", `bad greeting signature (first byte 0x${hex(g[0])}, expected 0xff)`);
  }
  if (have > 9 && (g[9] & 0x01) === 0) {
    return fault("ZMTP_BAD_SIGNATURE", "bad greeting signature (ZMTP 1.0 peer, byte 9 low bit clear)");
  }
  if (have > 10 && g[10] < 3) return fault("ZMTP_BAD_VERSION", `unsupported ZMTP version ${g[10]} (need 3 or later)`);
  if (have >= MECHANISM_END) {
    const mech = Buffer.from(g.buffer, g.byteOffset + 12, 20);
    if (!mech.equals(NULL_MECHANISM)) {
      return fault(
        "ZMTP_MECHANISM_MISMATCH",
        `the peer's greeting names the security mechanism "${
          printable(mech)
        }"; zmtp speaks only NULL (no CURVE or PLAIN)`,
      );
    }
  }
  return undefined;
}

/** Parses a whole greeting: the peer's version, or the fault to refuse it with. */
export function parseGreeting(g: Uint8Array): PeerGreeting | Fault {
  return checkGreetingPrefix(g, GREETING_SIZE) ?? { major: g[10], minor: g[11] };
}

/** Collects a peer's greeting from the stream in whatever pieces it comes. */
export class GreetingReader {
  private readonly bytes = new Uint8Array(GREETING_SIZE);
  /** Bytes received so far. */
  have = 0;

  /**
   * Takes what it can from `take` (which copies up to n bytes into the buffer at an offset and
   * returns the count): the greeting when whole, a fault when refused, null while incomplete.
   */
  read(take: (into: Uint8Array, at: number, n: number) => number): PeerGreeting | Fault | null {
    this.have += take(this.bytes, this.have, GREETING_SIZE - this.have);
    if (this.have < GREETING_SIZE) return checkGreetingPrefix(this.bytes, this.have) ?? null;
    return parseGreeting(this.bytes);
  }
}

/** The greeting's mechanism field ends here (bytes 12-31). */
const MECHANISM_END = 32;

const NULL_MECHANISM = (() => {
  const m = Buffer.alloc(20);
  m.write("NULL", 0, "latin1");
  return m;
})();

function hex(n: number): string {
  return n.toString(16).padStart(2, "0");
}

function printable(b: Buffer): string {
  return b.toString("latin1").replace(/\0+$/, "").replace(/[^\x20-\x7e]/g, "?");
}
