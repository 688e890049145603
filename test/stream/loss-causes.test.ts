import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { classifyGap, type GapContext } from "../../src/stream/loss-causes.ts";

const calm = { backlogReads: 0, backlogSince: null, maxLagMs: 0, latencyRiseMs: 0 };
const base: GapContext = {
  stream: 1,
  from: 10,
  to: 19,
  position: "inner",
  prevAt: 1000,
  nextAt: 1001,
  startedAt: 0,
  connections: [{ at: 5, kind: "connect", peer: "tcp://127.0.0.1:5556" }],
  eventsKnown: true,
  pressure: calm,
  droppedHere: 0,
  restartAt: null,
  subscribes: true,
};

describe("loss causes", () => {
  it("loss causes - a first message right after the connection came up: late-join", () => {
    const c = classifyGap({ ...base, position: "leading", from: 0, to: 499, prevAt: null, nextAt: 45 });
    assert.equal(c.cause, "late-join");
    assert.match(
      c.evidence,
      /^the first message \(500\) arrived 40 ms after the connection to tcp:\/\/127\.0\.0\.1:5556 came up at \+0\.01 s/,
    );
  });

  it("loss causes - a first message long after the connection: not a late join", () => {
    assert.equal(
      classifyGap({ ...base, position: "leading", from: 0, to: 0, prevAt: null, nextAt: 800 }).cause,
      "upstream",
    );
  });

  it("loss causes - a socket that does not subscribe (PULL) never joins late, nor loses for being slow (its PUSH waits)", () => {
    assert.equal(
      classifyGap({ ...base, subscribes: false, position: "leading", from: 0, to: 4, prevAt: null, nextAt: 8 }).cause,
      "upstream",
    );
    assert.equal(
      classifyGap({ ...base, subscribes: false, pressure: { ...calm, backlogReads: 40, backlogSince: 250 } }).cause,
      "upstream",
    );
  });

  it("loss causes - without connection events, the socket being ready stands for the connection", () => {
    const g = {
      ...base,
      connections: [],
      eventsKnown: false,
      position: "leading" as const,
      from: 0,
      to: 9,
      prevAt: null,
      nextAt: 30,
    };
    assert.equal(classifyGap(g).cause, "late-join");
    assert.equal(classifyGap({ ...g, eventsKnown: true }).cause, "upstream");
  });

  it("loss causes - a gap spanning a disconnect and a reconnect: reconnect, with how long it was down", () => {
    const c = classifyGap({
      ...base,
      prevAt: 1000,
      nextAt: 2300,
      connections: [...base.connections, {
        at: 1200,
        kind: "disconnect",
        peer: "tcp://127.0.0.1:5556",
        reason: "connection closed by peer",
      }, { at: 2250, kind: "connect", peer: "tcp://127.0.0.1:5556" }],
    });
    assert.deepEqual(c, {
      cause: "reconnect",
      evidence:
        "the connection to tcp://127.0.0.1:5556 went down at +1.20 s (connection closed by peer), up again at +2.25 s (1.05 s down)",
    });
  });

  it("loss causes - a disconnect before the gap's previous message does not explain it", () => {
    const c = classifyGap({
      ...base,
      connections: [...base.connections, { at: 900, kind: "disconnect", peer: "p" }, {
        at: 950,
        kind: "connect",
        peer: "p",
      }],
    });
    assert.equal(c.cause, "upstream");
  });

  it("loss causes - reads that kept finding unread data: slow-subscriber", () => {
    const c = classifyGap({ ...base, pressure: { ...calm, backlogReads: 40, backlogSince: 250 } });
    assert.deepEqual(c, {
      cause: "slow-subscriber",
      evidence: "unread data at each of the last 40 reads (since +0.25 s)",
    });
  });

  it("loss causes - a held-up event loop or latency far above its lowest: slow-subscriber", () => {
    assert.equal(classifyGap({ ...base, pressure: { ...calm, maxLagMs: 700 } }).cause, "slow-subscriber");
    assert.match(
      classifyGap({ ...base, pressure: { ...calm, latencyRiseMs: 350 } }).evidence,
      /^latency 350 ms above its lowest$/,
    );
    assert.equal(
      classifyGap({ ...base, pressure: { ...calm, backlogReads: 2, maxLagMs: 499, latencyRiseMs: 99 } }).cause,
      "upstream",
    );
  });

  it("loss causes - drops counted by this socket: dropped-here, before any other pressure", () => {
    const c = classifyGap({ ...base, droppedHere: 12, pressure: { ...calm, backlogReads: 9 } });
    assert.deepEqual(c, {
      cause: "dropped-here",
      evidence: "this socket dropped 12 message(s) at its receive high-water mark meanwhile",
    });
  });

  it("loss causes - the tail of a stream that started again: publisher-restart", () => {
    const c = classifyGap({
      ...base,
      position: "tail",
      from: 5001,
      to: 9999,
      prevAt: 3000,
      nextAt: null,
      restartAt: 4100,
      restartWhat: "stream 7 began",
    });
    assert.deepEqual(c, {
      cause: "publisher-restart",
      evidence: "stream 7 began at +4.10 s, after this stream's last message at +3.00 s",
    });
  });

  it("loss causes - a tail after the publisher closed its connection, never back: upstream, saying so", () => {
    const c = classifyGap({
      ...base,
      position: "tail",
      from: 4999,
      to: 4999,
      prevAt: 3000,
      nextAt: null,
      connections: [...base.connections, {
        at: 3010,
        kind: "disconnect",
        peer: "p",
        reason: "connection closed by peer",
      }],
    });
    assert.deepEqual(c, {
      cause: "upstream",
      evidence:
        "nothing after 4998 came (last message at +3.00 s); p closed the connection at +3.01 s (connection closed by peer), and no backlog was seen here",
    });
  });

  it("loss causes - nothing on this side explains it: upstream", () => {
    assert.deepEqual(classifyGap(base), {
      cause: "upstream",
      evidence: "the connection stayed up and reads kept up: the numbers never reached this subscriber",
    });
  });
});
