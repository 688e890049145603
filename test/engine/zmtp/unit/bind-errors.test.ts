import { describe, it } from "node:test";
import assert from "node:assert/strict";
import os from "node:os";
import path from "node:path";
import { loadEngine } from "../../../../src/engine/load.ts";

describe("zmtp bind errors", () => {
  it("zmtp bind errors - an ipc path in a missing folder says so, on every runtime", async () => {
    const engine = await loadEngine("zmtp");
    const s = engine.socket("pull", { linger: 0 });
    const missing = path.join(os.tmpdir(), `zmqdiag-missing-${process.pid}-${Date.now()}`, "sock");
    try {
      await assert.rejects(s.bind(`ipc://${missing}`), (e: Error & { code?: string }) => {
        assert.equal(e.code, "ENOENT");
        assert.match(e.message, /no such directory/);
        return true;
      });
    } finally {
      s.close();
    }
  });
  it("zmtp bind errors - a port in use is EADDRINUSE naming the endpoint", async () => {
    const engine = await loadEngine("zmtp");
    const a = engine.socket("pull", { linger: 0 });
    const b = engine.socket("pull", { linger: 0 });
    try {
      const ep = await a.bind("tcp://127.0.0.1:0");
      await assert.rejects(b.bind(ep), (e: Error & { code?: string }) => {
        assert.equal(e.code, "EADDRINUSE");
        assert.ok(e.message.includes(ep), e.message);
        return true;
      });
    } finally {
      a.close();
      b.close();
    }
  });
});
