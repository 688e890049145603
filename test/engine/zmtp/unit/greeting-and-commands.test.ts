import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { buildGreeting, checkGreetingPrefix, parseGreeting } from "../../../../src/engine/zmtp/greeting.ts";
import {
  commandBody,
  errorBody,
  errorReason,
  parseCommand,
  parsePing,
  parseProperties,
  pingBody,
  readyBody,
} from "../../../../src/engine/zmtp/commands.ts";
import { compatible, sendsIdentity, wireName } from "../../../../src/engine/zmtp/socket-types.ts";
import type { SocketType } from "../../../../src/engine/types.ts";

const allTypes: SocketType[] = ["pub", "sub", "xpub", "xsub", "push", "pull", "pair", "dealer", "router", "req", "rep"];

/** READY as this engine sends it for a socket type. */
function ourReady(type: SocketType): Buffer {
  const props: Array<[string, Uint8Array]> = [["Socket-Type", Buffer.from(wireName(type))]];
  if (sendsIdentity(type)) props.push(["Identity", Buffer.alloc(0)]);
  return readyBody(props);
}

describe("zmtp greeting and commands", () => {
  it("greeting - exact 64 bytes: signature, version 3.1, NULL, as-server 0", () => {
    const g = buildGreeting();
    const expected = Buffer.alloc(64);
    Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 3, 1]).copy(expected);
    expected.write("NULL", 12, "latin1");
    assert.equal(g.toString("hex"), expected.toString("hex"));
  });

  it("greeting - parses a 3.0 peer and refuses bad signatures, versions and mechanisms", () => {
    const g = buildGreeting(0);
    assert.deepEqual(parseGreeting(g), { major: 3, minor: 0 });
    const bad = (patch: (b: Buffer) => void) => {
      const b = Buffer.from(buildGreeting());
      patch(b);
      return parseGreeting(b);
    };
    const code = (r: unknown) => (r as { code?: string }).code;
    const reason = (r: unknown) => String((r as { reason?: string }).reason);
    assert.equal(code(bad((b) => (b[0] = 0x00))), "ZMTP_BAD_SIGNATURE");
    assert.equal(code(bad((b) => (b[9] = 0x7e))), "ZMTP_BAD_SIGNATURE");
    assert.match(reason(bad((b) => (b[9] = 0x7e))), /ZMTP 1\.0/);
    assert.equal(code(bad((b) => (b[10] = 2))), "ZMTP_BAD_VERSION");
    assert.match(reason(bad((b) => (b[10] = 2))), /version 2/);
    assert.equal(code(bad((b) => b.write("CURVE", 12, "latin1"))), "ZMTP_MECHANISM_MISMATCH");
    assert.match(reason(bad((b) => b.write("CURVE", 12, "latin1"))), /mechanism "CURVE"/);
    assert.equal(code(bad((b) => (b[28] = 0x58))), "ZMTP_MECHANISM_MISMATCH");
    assert.deepEqual(bad((b) => b.fill(0x55, 1, 9)), { major: 3, minor: 1 }, "padding is never checked");
  });

  it("greeting - a bad first byte is refused before the rest arrives", () => {
    assert.equal(checkGreetingPrefix(Buffer.from("G"), 1)?.code, "ZMTP_BAD_SIGNATURE");
    assert.equal(checkGreetingPrefix(Buffer.from([0xff]), 1), undefined);
  });

  it("greeting - a PLAIN mechanism is named as soon as its 20 bytes are in, before the rest", () => {
    const g = Buffer.from(buildGreeting());
    g.fill(0, 12, 32);
    g.write("PLAIN", 12, "latin1");
    assert.equal(checkGreetingPrefix(g, 31), undefined, "31 bytes: the field is not whole yet");
    const f = checkGreetingPrefix(g, 32);
    assert.equal(f?.code, "ZMTP_MECHANISM_MISMATCH");
    assert.equal(f?.kind, "handshake-failure");
    assert.match(String(f?.reason), /"PLAIN"/);
  });

  it("commands - READY from PUB is the 25-byte body libzmq sends", () => {
    const body = ourReady("pub");
    assert.equal(body.length, 25);
    assert.equal(body.toString("latin1"), "\x05READY\x0bSocket-Type\x00\x00\x00\x03PUB");
  });

  it("commands - READY from DEALER carries an empty Identity (41 bytes)", () => {
    const body = ourReady("dealer");
    assert.equal(body.length, 41);
    assert.ok(body.toString("latin1").endsWith("\x06DEALER\x08Identity\x00\x00\x00\x00"));
  });

  it("commands - READY of every type round-trips through the parser", () => {
    for (const t of allTypes) {
      const cmd = parseCommand(ourReady(t));
      assert.ok(typeof cmd !== "string");
      assert.equal(cmd.name, "READY");
      const props = parseProperties(cmd.data);
      assert.ok(props instanceof Map);
      assert.equal(props.get("Socket-Type")!.toString(), t.toUpperCase());
      assert.equal(props.has("Identity"), ["req", "dealer", "router"].includes(t));
    }
  });

  it("commands - malformed commands and properties give reasons", () => {
    assert.equal(typeof parseCommand(Buffer.alloc(0)), "string");
    assert.equal(typeof parseCommand(Buffer.from([9, 0x41])), "string");
    assert.equal(typeof parseProperties(Buffer.from([3, 0x41, 0x42])), "string");
    assert.equal(typeof parseProperties(Buffer.from([1, 0x41, 0, 0, 0, 9, 1])), "string");
  });

  it("commands - PING carries TTL and context; ERROR its reason", () => {
    const ping = parseCommand(pingBody(12.3, Buffer.from("ctx")));
    assert.ok(typeof ping !== "string");
    assert.equal(ping.name, "PING");
    assert.deepEqual(parsePing(ping.data), { ttl: 12, context: Buffer.from("ctx") });
    assert.equal(typeof parsePing(Buffer.alloc(1)), "string");
    assert.equal(typeof parsePing(Buffer.alloc(2 + 17)), "string");
    const err = parseCommand(errorBody("no"));
    assert.ok(typeof err !== "string");
    assert.equal(errorReason(err.data), "no");
    assert.equal(commandBody("CANCEL", Buffer.from("t")).toString("latin1"), "\x06CANCELt");
  });

  it("socket types - the compatibility table is symmetric, as RFC 23 gives it", () => {
    for (const a of allTypes) {
      for (const b of allTypes) {
        assert.equal(compatible(a, wireName(b)), compatible(b, wireName(a)), `${a} <-> ${b}`);
      }
    }
    assert.equal(compatible("push", "PULL"), true);
    assert.equal(compatible("pull", "PUB"), false);
  });
});
