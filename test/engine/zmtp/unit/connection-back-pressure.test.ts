// Back-pressure of one connection, in memory and exact: reading pauses at the receive
// high-water mark and resumes as the application takes messages; queued messages move to the
// stream only up to its write limit (1 MiB) and go on at "drain"; PUB drops what its full pipe
// cannot hold and counts it; PUSH refuses (sendNow) instead of dropping.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { memorySocket } from "../helpers/memory-socket.ts";
import { frame, handshake, message, subscribeCommand } from "../helpers/zmtp-wire.ts";

const BIG = 300_000; // four of these pass the 1 MiB write limit, three do not
const big = (n: number) => Buffer.alloc(BIG, n);

describe("zmtp connection back-pressure (in memory)", () => {
  it("back-pressure - reading pauses at the receive HWM between messages and resumes as messages are taken", async () => {
    const { socket, stream } = memorySocket("pull", { receiveHighWaterMark: 2, heartbeatInterval: 0 });
    const readIn = () => socket.counters().connections?.[0].messagesIn;
    try {
      stream.feed(handshake("PUSH"));
      stream.feed(Buffer.concat([1, 2, 3, 4, 5].map((i) => message(`m${i}`))));
      assert.equal(readIn(), 2, "two fit the queue; the rest wait in the decoder");
      assert.equal(stream.isPaused, true);
      assert.equal(stream.pauses, 1);
      assert.deepEqual(await socket.receive(), [Buffer.from("m1")]);
      assert.equal(readIn(), 3, "one taken, one more read, paused again");
      assert.equal(stream.isPaused, true);
      for (const i of [2, 3, 4, 5]) assert.deepEqual(await socket.receive(), [Buffer.from(`m${i}`)]);
      assert.equal(readIn(), 5);
      assert.equal(stream.isPaused, false);
      assert.equal(stream.resumes, 1, "the stream resumes once, when nothing holds reading back");
    } finally {
      socket.close();
    }
  });

  it("back-pressure - bytes that arrive while paused are held by the stream and read after it resumes", async () => {
    const { socket, stream } = memorySocket("pull", { receiveHighWaterMark: 1, heartbeatInterval: 0 });
    const readIn = () => socket.counters().connections?.[0].messagesIn;
    try {
      stream.feed(handshake("PUSH"));
      stream.feed(Buffer.concat([message("a"), message("b")]));
      assert.equal(stream.isPaused, true);
      stream.feed(message("c"));
      assert.equal(stream.heldBytes, message("c").length);
      assert.equal(readIn(), 1);
      for (const m of ["a", "b", "c"]) assert.deepEqual(await socket.receive(), [Buffer.from(m)]);
      assert.equal(stream.heldBytes, 0);
      assert.equal(readIn(), 3);
    } finally {
      socket.close();
    }
  });

  it("back-pressure - PUSH moves queued messages to the stream up to its write limit, the rest at drain; sendNow refuses at the HWM", () => {
    const { socket, stream, clock } = memorySocket("push", { sendHighWaterMark: 2, heartbeatInterval: 0 });
    try {
      stream.feed(handshake("PULL"));
      stream.takeWritten();
      const sent = (n: number) => socket.sendNow(big(n));
      assert.deepEqual([sent(1), sent(2), sent(3)], [true, true, false], "two fit the pipe");
      clock.runSoon(); // the write turn: both go to the stream (600 kB < 1 MiB)
      assert.deepEqual([sent(3), sent(4), sent(5)], [true, true, false]);
      clock.runSoon(); // 3 and 4 go (the limit is checked before each message): 1.2 MB buffered
      assert.deepEqual([sent(5), sent(6), sent(7)], [true, true, false]);
      clock.runSoon(); // over the limit: 5 and 6 stay in the pipe
      assert.equal(stream.writableLength, 4 * (9 + BIG));
      assert.deepEqual(stream.takeWritten(), Buffer.concat([1, 2, 3, 4].map((n) => frame(big(n)))));
      // "drain" wrote the pipe out at once.
      assert.deepEqual(stream.takeWritten(), Buffer.concat([5, 6].map((n) => frame(big(n)))));
      assert.equal(socket.counters().drops, 0);
    } finally {
      socket.close();
    }
  });

  it("back-pressure - a PUB over its write limit and HWM drops, counts each drop, and writes what it kept at drain", () => {
    const { socket, stream } = memorySocket("pub", { sendHighWaterMark: 2, heartbeatInterval: 0 });
    try {
      stream.feed(Buffer.concat([handshake("SUB"), subscribeCommand("")]));
      stream.takeWritten();
      // PUB writes a filling pipe at once: 1-4 reach the stream, 5 and 6 wait in the pipe, 7-10 are dropped.
      for (let n = 1; n <= 10; n++) socket.sendNow(big(n));
      assert.equal(socket.counters().drops, 4);
      assert.equal(socket.counters().connections?.[0].drops, 4);
      assert.deepEqual(stream.takeWritten(), Buffer.concat([1, 2, 3, 4].map((n) => frame(big(n)))));
      assert.deepEqual(stream.takeWritten(), Buffer.concat([5, 6].map((n) => frame(big(n)))));
      assert.equal(stream.takeWritten().length, 0);
    } finally {
      socket.close();
    }
  });
});
