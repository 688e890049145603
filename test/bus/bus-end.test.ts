import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { busSummary, interruptedEnding, shutdownEnding } from "../../src/bus/bus-end.ts";
import { Buffer } from "node:buffer";
import { BusCounters } from "../../src/bus/counters.ts";
import { decodeSubscription } from "../../src/engine/subscription-message.ts";
import type { HangFinding } from "../../src/bus/shutdown.ts";

const hang: HangFinding = {
  phase: "shutdown",
  timeoutMs: 2000,
  waitingFor: "the down loop",
  pending: [{
    owner: "frontend xsub (bind tcp://127.0.0.1:5555)",
    operation: "receive",
    since: "2026-01-01T00:00:00.000Z",
    pendingMs: 2001,
  }],
};
const downFailed = { loop: "down" as const, message: "socket is closed" };

describe("bus end", () => {
  it("bus end - a shutdown that finished is clean (exit 0), or failed (exit 1) when a loop failed", () => {
    assert.deepEqual(shutdownEnding({ clean: true, failures: [], tookMs: 12 }, []), {
      shutdown: "clean",
      shutdownMs: 12,
      hang: null,
      failures: [],
      exitCode: 0,
    });
    assert.deepEqual(shutdownEnding({ clean: true, failures: [downFailed], tookMs: 5 }, []), {
      shutdown: "failed",
      shutdownMs: 5,
      hang: null,
      failures: ["down loop: socket is closed"],
      exitCode: 1,
    });
  });

  it("bus end - a shutdown past its deadline is a hang (exit 1) that keeps the failures seen while running", () => {
    assert.deepEqual(shutdownEnding({ clean: false, hang, tookMs: 2003 }, [downFailed]), {
      shutdown: "hang",
      shutdownMs: 2003,
      hang,
      failures: ["down loop: socket is closed"],
      exitCode: 1,
    });
  });

  it("bus end - a second signal is an interrupted end (exit 1) naming what was still pending", () => {
    assert.deepEqual(interruptedEnding(hang, 40, []), {
      shutdown: "interrupted",
      shutdownMs: 40,
      hang,
      failures: [],
      exitCode: 1,
    });
  });

  it("bus end - the summary is the run's identity, its last counts, the stop reason and the ending, and nothing else", () => {
    const who = {
      engine: "zmtp",
      engineVersion: "ZMTP 3.1",
      runtime: "node",
      frontendEndpoint: "tcp://127.0.0.1:5555",
      backendEndpoint: "tcp://127.0.0.1:5556",
    };
    const counters = new BusCounters(3);
    const sub = [Buffer.from("\x01a")];
    counters.forwardedUp(sub, decodeSubscription(sub));
    const stats = counters.stats();
    const s = busSummary(who, stats, "SIGTERM", shutdownEnding({ clean: false, hang, tookMs: 2003 }, [downFailed]));
    assert.deepEqual(Object.keys(s).sort(), [
      "backend",
      "backendEndpoint",
      "command",
      "down",
      "drops",
      "elapsedMs",
      "engine",
      "engineVersion",
      "exitCode",
      "failures",
      "frontend",
      "frontendEndpoint",
      "hang",
      "otherTopics",
      "publishers",
      "runtime",
      "shutdown",
      "shutdownMs",
      "stopReason",
      "subscribers",
      "topicLimit",
      "topicTotals",
      "topics",
      "type",
      "up",
      "upOther",
    ]);
    assert.deepEqual([s.type, s.command, s.engine, s.frontendEndpoint, s.backendEndpoint], [
      "summary",
      "bus",
      "zmtp",
      "tcp://127.0.0.1:5555",
      "tcp://127.0.0.1:5556",
    ]);
    assert.deepEqual([s.stopReason, s.shutdown, s.shutdownMs, s.exitCode, s.failures], [
      "SIGTERM",
      "hang",
      2003,
      1,
      ["down loop: socket is closed"],
    ]);
    assert.equal(s.hang, hang);
    assert.deepEqual([s.topicLimit, s.topicTotals, s.up], [3, { subscribe: 1, unsubscribe: 0 }, {
      messages: 1,
      bytes: 2,
    }]);
  });
});
