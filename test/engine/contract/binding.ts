/** Contract: bind and connect, with real ports and bad endpoints. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Engine } from "../../../src/engine/types.ts";
import { EndpointError } from "../../../src/engine/endpoint.ts";
import { anyPort, recvText, rejection, withSockets } from "./harness.ts";

/** Registers the bind/connect tests for one engine. */
export function bindingContract(name: string, engine: () => Engine): void {
  describe(`engine contract (${name}) - bind and connect`, () => {
    it(`engine contract (${name}) - bind to port 0 resolves with the real port, which works`, () =>
      withSockets(engine(), async (s) => {
        const pull = s.make("pull");
        const ep = await pull.bind(anyPort);
        const m = /^tcp:\/\/127\.0\.0\.1:(\d+)$/.exec(ep);
        assert.ok(m, `bound endpoint ${ep}`);
        assert.ok(Number(m[1]) > 0 && Number(m[1]) < 65536);
        const push = s.make("push");
        await push.connect(ep);
        await push.send("via the real port");
        assert.deepEqual(await recvText(pull), ["via the real port"]);
      }));

    it(`engine contract (${name}) - bind to a port in use rejects with EADDRINUSE naming it`, () =>
      withSockets(engine(), async (s) => {
        const ep = await s.make("pull").bind(anyPort);
        const e = await rejection(s.make("pull").bind(ep));
        assert.equal(e.code, "EADDRINUSE");
        assert.ok(e.message.includes(ep), e.message);
      }));

    it(`engine contract (${name}) - bad endpoints are refused with a clear error`, () =>
      withSockets(engine(), async (s) => {
        const push = s.make("push");
        for (const bad of ["tcp://127.0.0.1", "tcp://127.0.0.1:70000", "foo://bar", "tcp://127.0.0.1:0"]) {
          const e = await rejection(push.connect(bad));
          assert.ok(e instanceof EndpointError, `${bad}: ${e}`);
          assert.ok(e.message.includes(bad), e.message);
        }
        const e = await rejection(push.bind("tcp://127.0.0.1:x"));
        assert.ok(e instanceof EndpointError, String(e));
      }));
  });
}
