// ZMTP 3.1 heartbeats of one connection, in memory on a fake clock: the PING bytes and when
// they go, the PONG to a peer's PING, the timeout and TTL to the millisecond, traffic as a
// sign of life, and deadlines that wait while reading is held (a PONG may sit unread).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { eventCodes, memorySocket } from "../helpers/memory-socket.ts";
import { command, frame, handshake, message, ping } from "../helpers/zmtp-wire.ts";

/** The PING frame the engine sends: TTL in tenths of a second, no context. */
function enginePing(ttlDeciseconds: number): Buffer {
  const ttl = Buffer.alloc(2);
  ttl.writeUInt16BE(ttlDeciseconds);
  return command("PING", ttl);
}

/** A socket handshaken with a 3.1 (or `minor`) PUSH peer, its greeting and READY already taken. */
function handshaken(options: Parameters<typeof memorySocket>[1], minor = 1) {
  const m = memorySocket("pull", options);
  m.stream.feed(handshake("PUSH", { minor }));
  m.stream.takeWritten();
  return m;
}

describe("zmtp connection heartbeat (in memory)", () => {
  it("heartbeat - a PING with the TTL in tenths of a second at each interval, to the millisecond", () => {
    const { socket, stream, clock } = handshaken({
      heartbeatInterval: 100,
      heartbeatTimeout: 5000,
      heartbeatTimeToLive: 2000,
    });
    try {
      clock.advance(99);
      assert.equal(stream.takeWritten().length, 0);
      clock.advance(1);
      assert.deepEqual(stream.takeWritten(), enginePing(20));
      clock.advance(100);
      assert.deepEqual(stream.takeWritten(), enginePing(20));
    } finally {
      socket.close();
    }
  });

  it("heartbeat - no PING to a ZMTP 3.0 peer", () => {
    const { socket, stream, clock } = handshaken({ heartbeatInterval: 100 }, 0);
    try {
      clock.advance(1000);
      assert.equal(stream.takeWritten().length, 0);
      assert.equal(clock.pending, 0);
    } finally {
      socket.close();
    }
  });

  it("heartbeat - a peer's PING gets exactly a PONG with its context", () => {
    const { socket, stream } = handshaken({ heartbeatInterval: 0 });
    try {
      stream.feed(ping(0, "ctx-1"));
      assert.deepEqual(stream.takeWritten(), command("PONG", "ctx-1"));
    } finally {
      socket.close();
    }
  });

  it("heartbeat - nothing within the timeout after a PING closes at that millisecond (ZMTP_HEARTBEAT_TIMEOUT)", () => {
    const { socket, stream, clock, events } = handshaken({ heartbeatInterval: 100, heartbeatTimeout: 300 });
    try {
      clock.advance(399); // PING at 100; its deadline is 400
      assert.equal(stream.destroyed, false);
      clock.advance(1);
      assert.equal(stream.destroyed, true);
      assert.deepEqual(eventCodes(events), [["connect", ""], ["disconnect", "ZMTP_HEARTBEAT_TIMEOUT"]]);
      const last = events[1] as { reason: string };
      assert.equal(last.reason, "heartbeat timeout: nothing from the peer within 300 ms of a PING");
    } finally {
      socket.close();
    }
  });

  it("heartbeat - any traffic counts as a sign of life: the deadline starts again from the next PING", () => {
    const { socket, stream, clock, events } = handshaken({ heartbeatInterval: 100, heartbeatTimeout: 300 });
    try {
      clock.advance(350);
      stream.feed(message("still here")); // clears the deadline of the PING at 100
      const at = clock.now();
      clock.advance(349); // the PING at 400 sets a deadline at 700
      assert.equal(stream.destroyed, false);
      assert.equal(socket.counters().connections?.[0].lastPongAt, at);
      clock.advance(1);
      assert.deepEqual(eventCodes(events), [["connect", ""], ["disconnect", "ZMTP_HEARTBEAT_TIMEOUT"]]);
    } finally {
      socket.close();
    }
  });

  it("heartbeat - a peer's PING TTL closes when nothing follows within it (ZMTP_HEARTBEAT_TTL)", () => {
    const { socket, stream, clock, events } = handshaken({ heartbeatInterval: 0 });
    try {
      stream.feed(ping(5));
      stream.takeWritten();
      clock.advance(499);
      assert.equal(stream.destroyed, false);
      clock.advance(1);
      assert.equal(stream.destroyed, true);
      assert.deepEqual(eventCodes(events), [["connect", ""], ["disconnect", "ZMTP_HEARTBEAT_TTL"]]);
    } finally {
      socket.close();
    }
  });

  it("heartbeat - while reading is held the deadline starts over; once reading goes on, it expires on time", async () => {
    const { socket, stream, clock, events } = handshaken({
      heartbeatInterval: 100,
      heartbeatTimeout: 300,
      receiveHighWaterMark: 1,
    });
    try {
      // One chunk: the second message waits in the decoder, reading paused at the receive HWM.
      stream.feed(Buffer.concat([message("1"), message("2")]));
      assert.equal(stream.isPaused, true);
      clock.advance(1000); // the deadline of the PING at 100 came at 400, 700 and 1000, each time held
      assert.equal(stream.destroyed, false);
      assert.deepEqual(await socket.receive(), [Buffer.from("1")]);
      assert.deepEqual(await socket.receive(), [Buffer.from("2")]);
      assert.equal(stream.isPaused, false);
      clock.advance(299);
      assert.equal(stream.destroyed, false);
      clock.advance(1);
      assert.deepEqual(eventCodes(events), [["connect", ""], ["disconnect", "ZMTP_HEARTBEAT_TIMEOUT"]]);
    } finally {
      socket.close();
    }
  });

  it("heartbeat - a PING between the frames of a message is answered and the message still arrives whole", async () => {
    const { socket, stream } = handshaken({ heartbeatInterval: 0 });
    try {
      stream.feed(Buffer.concat([frame("a", { more: true }), ping(0, "x"), frame("b")]));
      assert.deepEqual(stream.takeWritten(), command("PONG", "x"));
      assert.deepEqual(await socket.receive(), [Buffer.from("a"), Buffer.from("b")]);
    } finally {
      socket.close();
    }
  });
});
