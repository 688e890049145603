/** Contract: the rules of receive (timeout, one at a time, cancel-safety) and of close. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Engine } from "../../../src/engine/types.ts";
import { anyPort, receiveThroughAborts, recvText, rejection, withSockets } from "./harness.ts";

/** Registers the receive and close tests for one engine. */
export function receiveRulesContract(name: string, engine: () => Engine): void {
  describe(`engine contract (${name}) - receive and close`, () => {
    it(`engine contract (${name}) - receiveTimeout rejects with EAGAIN and loses nothing`, () =>
      withSockets(engine(), async (s) => {
        const pull = s.make("pull", { receiveTimeout: 50 });
        const ep = await pull.bind(anyPort);
        const e = await rejection(pull.receive());
        assert.equal(e.code, "EAGAIN");
        const push = s.make("push");
        await push.connect(ep);
        await push.send("after timeout");
        // Each receive may time out again before the message is there; none may lose it.
        let timeouts = 0;
        for (;;) {
          try {
            assert.deepEqual((await pull.receive()).map(String), ["after timeout"]);
            break;
          } catch (err) {
            assert.equal((err as { code?: string }).code, "EAGAIN");
            assert.ok(++timeouts < 100, "no message after 100 timeouts");
          }
        }
      }));

    it(`engine contract (${name}) - a second receive while one waits rejects with EBUSY`, () =>
      withSockets(engine(), async (s) => {
        const [pull, push] = await s.pair("pull", "push");
        const first = pull.receive();
        const e = await rejection(pull.receive());
        assert.equal(e.code, "EBUSY");
        assert.match(e.message, /busy reading/i);
        await push.send("for the first");
        assert.deepEqual((await first).map(String), ["for the first"]);
      }));

    it(`engine contract (${name}) - an aborted receive rejects with the reason and never loses the message`, () =>
      withSockets(engine(), async (s) => {
        const [pull, push] = await s.pair("pull", "push");
        const ac = new AbortController();
        const aborted = pull.receive({ signal: ac.signal });
        const reason = new Error("stop waiting");
        ac.abort(reason);
        assert.equal(await rejection(aborted), reason);
        await push.send("sent after the abort");
        assert.deepEqual(await recvText(pull), ["sent after the abort"]);
        const already = new AbortController();
        already.abort();
        assert.equal((await rejection(pull.receive({ signal: already.signal }))).name, "AbortError");
      }));

    it(`engine contract (${name}) - receives aborted at random moments lose, duplicate and reorder nothing`, () =>
      withSockets(engine(), async (s) => {
        const [pull, push] = await s.pair("pull", "push");
        const total = 300;
        const { got, aborts } = await receiveThroughAborts(
          push,
          async (signal) => [await pull.receive({ signal })],
          total,
        );
        assert.deepEqual(got, Array.from({ length: total }, (_, i) => i));
        assert.ok(aborts > 0, "no receive was aborted: the test did not exercise cancellation");
      }));

    it(`engine contract (${name}) - close settles a pending receive with EBADF`, () =>
      withSockets(engine(), async (s) => {
        const pull = s.make("pull");
        await pull.bind(anyPort);
        const plain = pull.receive();
        pull.close();
        assert.equal(pull.closed, true);
        assert.equal((await rejection(plain)).code, "EBADF");
        const other = s.make("pull");
        await other.bind(anyPort);
        const withSignal = other.receive({ signal: new AbortController().signal });
        other.close();
        assert.equal((await rejection(withSignal)).code, "EBADF");
      }));

    it(`engine contract (${name}) - a second send while one waits rejects with EBUSY; the first goes through`, () =>
      withSockets(engine(), async (s) => {
        const push = s.make("push");
        const ep = await push.bind(anyPort);
        const first = push.send("waits for a peer");
        const e = await rejection(push.send("second"));
        assert.equal(e.code, "EBUSY");
        const pull = s.make("pull");
        await pull.connect(ep);
        await first;
        assert.deepEqual(await recvText(pull), ["waits for a peer"]);
      }));

    it(`engine contract (${name}) - sendTimeout rejects a send that cannot queue with EAGAIN`, () =>
      withSockets(engine(), async (s) => {
        const push = s.make("push", { sendTimeout: 30 });
        await push.bind(anyPort);
        assert.equal((await rejection(push.send("nobody there"))).code, "EAGAIN");
        assert.equal((await rejection(push.send("still nobody"))).code, "EAGAIN");
      }));

    it(`engine contract (${name}) - close settles a pending send with EBADF`, () =>
      withSockets(engine(), async (s) => {
        const push = s.make("push");
        await push.bind(anyPort);
        const pending = push.send("never queued");
        push.close();
        assert.equal((await rejection(pending)).code, "EBADF");
      }));

    it(`engine contract (${name}) - receive, send and bind after close reject with EBADF`, () =>
      withSockets(engine(), async (s) => {
        const pull = s.make("pull");
        const push = s.make("push");
        pull.close();
        push.close();
        assert.equal((await rejection(pull.receive())).code, "EBADF");
        assert.equal((await rejection(push.send("x"))).code, "EBADF");
        assert.equal((await rejection(pull.bind(anyPort))).code, "EBADF");
        pull.close(); // a second close is harmless
      }));
  });
}
