import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createNativeEngine, nativeNeedsPolling } from "../../../src/engine/native/index.ts";
import type { SocketEvent } from "../../../src/engine/types.ts";
import { skipNative } from "../../helpers/engines.ts";
import { eventually } from "../../helpers/eventually.ts";

const skip = skipNative() ||
  (nativeNeedsPolling()
    ? "the native engine has no socket events on Deno (its observer crashes the process at exit)"
    : false);

describe("native engine events", () => {
  it("native engine events - counters say null until someone listens", { skip: skipNative() }, async () => {
    const engine = await createNativeEngine();
    const s = engine.socket("pull", { linger: 0 });
    const c = s.counters();
    s.close();
    assert.equal(c.connects, null);
    assert.equal(c.peers, null);
    assert.equal(c.drops, null);
  });

  it("native engine events - a listener sees connect and disconnect, and counters follow", { skip }, async () => {
    const engine = await createNativeEngine();
    const pull = engine.socket("pull", { linger: 0 });
    const seen: SocketEvent[] = [];
    const stop = pull.onEvent((e) => seen.push(e));
    try {
      const ep = await pull.bind("tcp://127.0.0.1:0");
      const push = engine.socket("push", { linger: 0 });
      await push.connect(ep);
      await eventually(() => seen.some((e) => e.type === "connect"), 5000, "connect", 5);
      assert.equal(pull.counters().peers, 1);
      assert.equal(pull.counters().connects, 1);
      push.close();
      await eventually(() => seen.some((e) => e.type === "disconnect"), 5000, "disconnect", 5);
      const c = pull.counters();
      assert.deepEqual([c.connects, c.disconnects, c.peers, c.handshakeFailures], [1, 1, 0, 0]);
      assert.equal(seen[0].type, "connect");
      assert.equal((seen[0] as { peer: string }).peer, ep);
    } finally {
      stop();
      pull.close();
    }
  });
});
