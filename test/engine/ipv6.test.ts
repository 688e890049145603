import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadEngine } from "../../src/engine/load.ts";
import { testableEngines } from "../helpers/engines.ts";
import { withSockets } from "./contract/harness.ts";

function withinMs<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms).unref()),
  ]);
}

describe("engine ipv6", () => {
  for (const name of testableEngines()) {
    it(`engine ipv6 - ${name}: push/pull over tcp://[::1] with an OS-chosen port`, async () => {
      const engine = await loadEngine(name);
      await withSockets(engine, async (s) => {
        const pull = s.make("pull");
        const endpoint = await pull.bind("tcp://[::1]:0");
        assert.match(endpoint, /^tcp:\/\/\[::1\]:\d+$/);
        const push = s.make("push");
        await push.connect(endpoint);
        await push.send(["v6", "hello"]);
        const msg = await withinMs(pull.receive(), 5000);
        assert.deepEqual(msg.map(String), ["v6", "hello"]);
      });
    });
  }
});
