// The greeting and NULL handshake of one connection, in memory and to the byte: what the engine
// writes and when, a greeting in any chunking, and every way a handshake fails, with its code.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { eventCodes, memorySocket } from "../helpers/memory-socket.ts";
import { exchange, MemoryStream } from "../helpers/memory-stream.ts";
import { expectedGreetingTail, greeting, handshake, message, ready } from "../helpers/zmtp-wire.ts";

/** Checks the 64 bytes of the engine's greeting (3.1, NULL; padding as libzmq writes it). */
function assertGreeting(bytes: Buffer): void {
  assert.equal(bytes.length, 64);
  assert.equal(bytes[0], 0xff);
  assert.equal(bytes[9], 0x7f);
  assert.deepEqual(bytes.subarray(10), expectedGreetingTail);
}

describe("zmtp connection handshake (in memory)", () => {
  it("handshake - the greeting goes out whole at once, and READY only after the peer's 64th greeting byte", () => {
    const { socket, stream } = memorySocket("pull");
    try {
      assertGreeting(stream.takeWritten());
      const g = greeting();
      for (let i = 0; i < 63; i++) stream.feed(g.subarray(i, i + 1));
      assert.equal(stream.takeWritten().length, 0, "nothing before the whole greeting");
      stream.feed(g.subarray(63));
      assert.deepEqual(stream.takeWritten(), ready("PULL"));
    } finally {
      socket.close();
    }
  });

  it("handshake - greeting, READY and a message in one chunk: READY back, the peer counted, the message received", async () => {
    const { socket, stream, events } = memorySocket("pull");
    try {
      stream.takeWritten();
      stream.feed(Buffer.concat([handshake("PUSH"), message("a", "bc")]));
      assert.deepEqual(stream.takeWritten(), ready("PULL"));
      assert.deepEqual(eventCodes(events), [["connect", ""]]);
      assert.equal(socket.counters().peers, 1);
      assert.deepEqual(await socket.receive(), [Buffer.from("a"), Buffer.from("bc")]);
    } finally {
      socket.close();
    }
  });

  it("handshake - a DEALER's READY carries its Identity (empty by default)", () => {
    const { socket, stream } = memorySocket("dealer");
    try {
      stream.takeWritten();
      stream.feed(greeting());
      assert.deepEqual(stream.takeWritten(), ready("DEALER", ""));
    } finally {
      socket.close();
    }
  });

  it("handshake - an incompatible peer type is refused with ZMTP_INCOMPATIBLE_SOCKET_TYPE and the stream destroyed", () => {
    const { socket, stream, events } = memorySocket("pull");
    try {
      stream.feed(handshake("PUB"));
      assert.equal(stream.destroyed, true);
      assert.deepEqual(eventCodes(events), [["handshake-failure", "ZMTP_INCOMPATIBLE_SOCKET_TYPE"]]);
      assert.equal(socket.counters().peers, 0);
    } finally {
      socket.close();
    }
  });

  it("handshake - a message frame before READY is ZMTP_BAD_READY", () => {
    const { socket, stream, events } = memorySocket("pull");
    try {
      stream.feed(Buffer.concat([greeting(), message("early")]));
      assert.equal(stream.destroyed, true);
      assert.deepEqual(eventCodes(events), [["protocol-error", "ZMTP_BAD_READY"]]);
    } finally {
      socket.close();
    }
  });

  it("handshake - the handshake timeout (30 s, libzmq's) fires at its millisecond, not before (ZMTP_HANDSHAKE_TIMEOUT)", () => {
    const { socket, stream, clock, events } = memorySocket("pull");
    try {
      stream.feed(greeting());
      clock.advance(29_999);
      assert.equal(stream.destroyed, false);
      assert.deepEqual(events, []);
      clock.advance(1);
      assert.equal(stream.destroyed, true);
      assert.deepEqual(eventCodes(events), [["handshake-failure", "ZMTP_HANDSHAKE_TIMEOUT"]]);
    } finally {
      socket.close();
    }
  });

  it("handshake - once READY is in, the handshake timer is gone", () => {
    const { socket, stream, clock, events } = memorySocket("pull", { heartbeatInterval: 0 });
    try {
      stream.feed(handshake("PUSH"));
      assert.equal(clock.pending, 0, "no timer left");
      clock.advance(60_000);
      assert.equal(stream.destroyed, false);
      assert.deepEqual(eventCodes(events), [["connect", ""]]);
    } finally {
      socket.close();
    }
  });

  it("handshake - the peer closing inside its READY is ZMTP_TRUNCATED; after its greeting, ZMTP_CLOSED_IN_HANDSHAKE", () => {
    const cut = memorySocket("pull");
    const early = memorySocket("pull");
    try {
      cut.stream.feed(Buffer.concat([greeting(), ready("PUSH").subarray(0, 10)]));
      cut.stream.peerCloses();
      assert.deepEqual(eventCodes(cut.events), [["protocol-error", "ZMTP_TRUNCATED"]]);
      early.stream.feed(greeting());
      early.stream.peerCloses();
      assert.deepEqual(eventCodes(early.events), [["handshake-failure", "ZMTP_CLOSED_IN_HANDSHAKE"]]);
    } finally {
      cut.socket.close();
      early.socket.close();
    }
  });

  it("handshake - two engine sockets over an in-memory pair: both handshakes in two exchanges, then a message", async () => {
    const pushSide = new MemoryStream();
    const pullSide = new MemoryStream();
    const push = memorySocket("push", { heartbeatInterval: 0 }, pushSide);
    const pull = memorySocket("pull", { heartbeatInterval: 0 }, pullSide);
    try {
      // Greetings cross, then READYs cross, then nothing is left to say.
      assert.equal(exchange(pushSide, pullSide), 3);
      assert.deepEqual(eventCodes(push.events), [["connect", ""]]);
      assert.deepEqual(eventCodes(pull.events), [["connect", ""]]);
      assert.equal(push.socket.sendNow(["over", "memory"]), true);
      push.clock.runSoon(); // the write turn
      assert.equal(exchange(pushSide, pullSide), 2);
      assert.deepEqual(await pull.socket.receive(), [Buffer.from("over"), Buffer.from("memory")]);
    } finally {
      push.socket.close();
      pull.socket.close();
    }
  });
});
