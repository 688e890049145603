import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { interruptedEnding, shutdownEnding } from "../../src/bus/bus-end.ts";
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
});
