import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { stoppingLine } from "../../src/cli/stop-notice.ts";

describe("cli stop notice", () => {
  it("cli stop notice - says what the stop waits for; only Ctrl-C gets the hint to force", () => {
    assert.equal(
      stoppingLine("SIGINT", "closing the socket"),
      "zmqdiag: stopping (SIGINT): closing the socket; Ctrl-C again to force\n",
    );
    assert.equal(stoppingLine("SIGTERM", "closing the socket"), "zmqdiag: stopping (SIGTERM): closing the socket\n");
  });
});
