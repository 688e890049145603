// Peers that break the protocol: each gets its own connection closed, counted and reported with
// its exact stable code (faults.ts), and the socket's other connection goes on (see
// helpers/bad-peer-check.ts for what is asserted). A crash of the engine's own gives
// ZMTP_INTERNAL and fails every one of these.
// Stricter than libzmq 4.3.5 on purpose: libzmq ignores unknown commands and
// unknown flag bits and falls back to ZMTP 2.0 for major version 2.
import { describe, it } from "node:test";
import { Buffer } from "node:buffer";
import { loadEngineOrSkip } from "./helpers/zmtp-engine.ts";
import { type BadPeer, checkBadPeer, longHeader } from "./helpers/bad-peer-check.ts";
import { command, frame, greeting, handshake, message, ready, seededBytes } from "./helpers/zmtp-wire.ts";

const under = await loadEngineOrSkip();

const signature = (bytes: number[]) => Buffer.from(bytes);
const okSignature = [0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f];

/** Sends the bytes and keeps the connection open: the engine must be the one that closes. */
const send = (bytes: Uint8Array) => async (raw: { write(b: Uint8Array): Promise<void> }) => {
  await raw.write(bytes);
};

const badPeers: BadPeer[] = [
  {
    name: "an HTTP request instead of a greeting",
    code: "ZMTP_BAD_SIGNATURE",
    phase: "handshake",
    act: send(Buffer.from("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")),
  },
  {
    name: "a signature starting with 0x00",
    code: "ZMTP_BAD_SIGNATURE",
    phase: "handshake",
    act: send(greeting({ signature: signature([0, ...okSignature.slice(1)]) })),
  },
  {
    name: "a ZMTP 1.0 signature (byte 9 without its low bit)",
    code: "ZMTP_BAD_SIGNATURE",
    phase: "handshake",
    act: send(greeting({ signature: signature([...okSignature.slice(0, 9), 0x7e]) })),
  },
  {
    name: "major version 2",
    code: "ZMTP_BAD_VERSION",
    phase: "handshake",
    act: send(Buffer.concat([greeting({ major: 2, minor: 0 }), ready("PUSH")])),
  },
  {
    name: "major version 1",
    code: "ZMTP_BAD_VERSION",
    phase: "handshake",
    act: send(greeting({ major: 1, minor: 0 })),
  },
  {
    name: "the unknown mechanism BOGUS",
    code: "ZMTP_MECHANISM_MISMATCH",
    phase: "handshake",
    act: send(Buffer.concat([greeting({ mechanism: "BOGUS" }), ready("PUSH")])),
  },
  {
    name: "the mechanism CURVE (only NULL is spoken)",
    code: "ZMTP_MECHANISM_MISMATCH",
    phase: "handshake",
    act: send(greeting({ mechanism: "CURVE" })),
  },
  {
    name: "NULL with a stray byte in the 20-byte mechanism field",
    code: "ZMTP_MECHANISM_MISMATCH",
    phase: "handshake",
    act: send(greeting({ mechanismField: Buffer.from("NULL\0\0\0\0\0\0\0\0\0\0\0\0X\0\0\0", "latin1") })),
  },
  {
    name: "a message instead of READY",
    code: "ZMTP_BAD_READY",
    phase: "handshake",
    act: send(Buffer.concat([greeting(), message("too early")])),
  },
  {
    name: "a HELLO command instead of READY",
    code: "ZMTP_BAD_READY",
    phase: "handshake",
    act: send(Buffer.concat([greeting(), command("HELLO", "x")])),
  },
  {
    name: "the incompatible socket type PUB (to a PULL)",
    code: "ZMTP_INCOMPATIBLE_SOCKET_TYPE",
    phase: "handshake",
    act: send(handshake("PUB")),
  },
  { name: "illegal flags 0x08", code: "ZMTP_BAD_FLAGS", phase: "traffic", act: send(Buffer.from([0x08, 1, 0x41])) },
  {
    name: "illegal flags 0x05 (a command with MORE)",
    code: "ZMTP_BAD_FLAGS",
    phase: "traffic",
    act: send(Buffer.from([0x05, 5, 4, 0x50, 0x49, 0x4e, 0x47])),
  },
  { name: "illegal flags 0x80", code: "ZMTP_BAD_FLAGS", phase: "traffic", act: send(Buffer.from([0x80, 1, 0x41])) },
  { name: "illegal flags 0xFF", code: "ZMTP_BAD_FLAGS", phase: "traffic", act: send(Buffer.from([0xff, 1, 0x41])) },
  {
    name: "a short frame of 101 bytes (max 100)",
    code: "ZMTP_FRAME_TOO_LARGE",
    phase: "traffic",
    act: send(frame(Buffer.alloc(101, 0x61))),
  },
  {
    name: "a long frame declaring 101 bytes (max 100)",
    code: "ZMTP_FRAME_TOO_LARGE",
    phase: "traffic",
    act: send(longHeader(101n)),
  },
  {
    name: "a long frame of 200 bytes (max 100)",
    code: "ZMTP_FRAME_TOO_LARGE",
    phase: "traffic",
    act: send(longHeader(200n, 200)),
  },
  {
    name: "two frames of 60 bytes in one message (max 100)",
    code: "ZMTP_MESSAGE_TOO_LARGE",
    phase: "traffic",
    act: send(message(Buffer.alloc(60, 0x61), Buffer.alloc(60, 0x62))),
  },
  { name: "a PING without its TTL", code: "ZMTP_BAD_COMMAND", phase: "traffic", act: send(command("PING", "x")) },
  {
    name: "a command frame whose name length runs past its body",
    code: "ZMTP_BAD_COMMAND",
    phase: "traffic",
    act: send(Buffer.from([0x04, 2, 9, 0x41])),
  },
  {
    name: "an ERROR instead of READY",
    code: "ZMTP_PEER_ERROR",
    phase: "handshake",
    act: send(Buffer.concat([greeting(), command("ERROR", "\x07go away")])),
  },
  { name: "the unknown command FOO", code: "ZMTP_UNKNOWN_COMMAND", phase: "traffic", act: send(command("FOO", "bar")) },
  {
    name: "a command frame with an empty body",
    code: "ZMTP_BAD_COMMAND",
    phase: "traffic",
    act: send(Buffer.from([0x04, 0])),
  },
  {
    name: "a greeting cut after 30 bytes",
    code: "ZMTP_CLOSED_IN_GREETING",
    phase: "handshake",
    act: async (raw) => {
      await raw.write(greeting().subarray(0, 30));
      raw.end();
    },
  },
  {
    name: "a READY cut in the middle",
    code: "ZMTP_TRUNCATED",
    phase: "handshake",
    act: async (raw) => {
      const h = handshake("PUSH");
      await raw.write(h.subarray(0, h.length - 5));
      raw.end();
    },
  },
  {
    name: "a frame cut after 10 of its 50 bytes",
    code: "ZMTP_TRUNCATED",
    phase: "traffic",
    act: async (raw) => {
      await raw.write(frame(Buffer.alloc(50, 0x62)).subarray(0, 12));
      raw.end();
    },
  },
  {
    name: "random bytes instead of a greeting (seed 1)",
    code: "ZMTP_BAD_SIGNATURE",
    phase: "handshake",
    act: send(seededBytes(1, 4096)),
  },
  {
    name: "random bytes instead of a greeting (seed 2)",
    code: "ZMTP_BAD_SIGNATURE",
    phase: "handshake",
    act: send(seededBytes(2, 4096)),
  },
  {
    name: "random bytes after a valid signature (seed 3)",
    code: "ZMTP_MECHANISM_MISMATCH",
    phase: "handshake",
    act: send(Buffer.concat([signature(okSignature), seededBytes(3, 4096)])),
  },
  // The first random byte gets an illegal flag bit, so the outcome does not depend on the seed.
  ...[4, 5].map((seed): BadPeer => ({
    name: `random bytes after the handshake (seed ${seed})`,
    code: "ZMTP_BAD_FLAGS",
    phase: "traffic",
    act: send(Buffer.concat([Buffer.from([0x08 | (seededBytes(seed, 1)[0] & 0xf0)]), seededBytes(seed + 100, 4096)])),
  })),
  // Must not allocate what a peer declares: a 2^40-byte Buffer cannot even exist.
  {
    name: "a frame declaring 2^40 bytes (default options)",
    code: "ZMTP_FRAME_TOO_LARGE",
    phase: "traffic",
    options: { maxMessageSize: undefined },
    act: send(longHeader(2n ** 40n, 1000)),
  },
  {
    name: "a frame declaring 2^40 bytes (maxMessageSize -1, unlimited)",
    code: "ZMTP_FRAME_TOO_LARGE",
    phase: "traffic",
    options: { maxMessageSize: -1 },
    act: send(longHeader(2n ** 40n, 1000)),
  },
  {
    name: "a frame declaring 2^64-1 bytes (default options)",
    code: "ZMTP_FRAME_TOO_LARGE",
    phase: "traffic",
    options: { maxMessageSize: undefined },
    act: send(longHeader(2n ** 64n - 1n)),
  },
];

describe("zmtp bad peers", { skip: under.skip }, () => {
  for (const bad of badPeers) {
    it(`bad peers - ${bad.name}: only that connection is closed, counted and reported`, async () => {
      await checkBadPeer(under.engine!, bad);
    });
  }
});
