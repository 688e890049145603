/**
 * Contract: receiveBatch, the receive of several queued messages in one call (zmtp takes all that
 * is queued, up to max; native one message per call). Both follow receive()'s rules.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Buffer } from "node:buffer";
import type { Engine, ZSocket } from "../../../src/engine/types.ts";
import { eventually } from "../../helpers/eventually.ts";
import { anyPort, receiveThroughAborts, rejection, withSockets } from "./harness.ts";

type Batching = ZSocket;

const texts = (batch: Buffer[][]) => batch.map((m) => m.map(String).join("|"));

/**
 * Waits until `n` messages have reached the socket's queue, from the per-connection counters
 * where the engine keeps them (they count arrivals; messagesIn counts deliveries), else 200 ms.
 */
async function arrived(socket: ZSocket, n: number): Promise<void> {
  // libzmq's queue cannot be seen without taking from it: there is no state to wait for, only time.
  if (!socket.counters().connections) return void (await new Promise((r) => setTimeout(r, 200)));
  const sum = () => (socket.counters().connections ?? []).reduce((a, c) => a + c.messagesIn, 0);
  await eventually(() => sum() >= n, 5000, () => `${n} messages to arrive (${sum()} did)`, 5);
}

/** Takes batches of at most `max` until `n` messages came (bounded), checking each batch's size. */
async function collect(pull: Batching, n: number, max: number): Promise<string[]> {
  const got: string[] = [];
  for (let calls = 0; got.length < n; calls++) {
    assert.ok(calls < n, `more than ${n} calls for ${n} messages`);
    const batch = await pull.receiveBatch(max, { signal: AbortSignal.timeout(5000) });
    assert.ok(batch.length >= 1 && batch.length <= max, `a batch of ${batch.length} (max ${max})`);
    got.push(...texts(batch));
  }
  return got;
}

async function batchingPair(
  s: { pair(a: "pull", b: "push"): Promise<[ZSocket, ZSocket, string]> },
): Promise<[Batching, ZSocket]> {
  const [pull, push] = await s.pair("pull", "push");
  return [pull as Batching, push];
}

/** Registers the receiveBatch tests for one engine. */
export function receiveBatchContract(name: string, engine: () => Engine): void {
  describe(`engine contract (${name}) - receiveBatch`, () => {
    it(`engine contract (${name}) - receiveBatch takes what is queued, in order, at most max at a time`, () =>
      withSockets(engine(), async (s) => {
        const [pull, push] = await batchingPair(s);
        for (let i = 0; i < 10; i++) await push.send(["m", String(i)]);
        await arrived(pull, 10);
        if (name === "native") {
          // zeromq.js receives one message per call: smaller batches, the same order.
          assert.deepEqual(await collect(pull, 10, 4), Array.from({ length: 10 }, (_, i) => `m|${i}`));
          return;
        }
        assert.deepEqual(texts(await pull.receiveBatch(4)), ["m|0", "m|1", "m|2", "m|3"]);
        assert.deepEqual(texts(await pull.receiveBatch(4)), ["m|4", "m|5", "m|6", "m|7"]);
        assert.deepEqual(texts(await pull.receiveBatch(100)), ["m|8", "m|9"]);
      }));

    it(`engine contract (${name}) - receiveBatch with nothing queued waits for the first message`, () =>
      withSockets(engine(), async (s) => {
        const [pull, push] = await batchingPair(s);
        const waiting = pull.receiveBatch(10, { signal: AbortSignal.timeout(5000) });
        await push.send("first");
        const batch = await waiting;
        assert.ok(batch.length >= 1, "an empty batch");
        assert.deepEqual(texts(batch)[0], "first");
      }));

    it(`engine contract (${name}) - receiveBatch follows the receive rules: EBUSY, EINVAL, EAGAIN, EBADF`, () =>
      withSockets(engine(), async (s) => {
        const [pull, push] = await batchingPair(s);
        assert.equal((await rejection(pull.receiveBatch(0))).code, "EINVAL");
        assert.equal((await rejection(pull.receiveBatch(1.5))).code, "EINVAL");
        const waiting = pull.receiveBatch(5);
        assert.equal((await rejection(pull.receiveBatch(5))).code, "EBUSY");
        assert.equal((await rejection(pull.receive())).code, "EBUSY");
        await push.send("for the waiting batch");
        assert.deepEqual(texts(await waiting), ["for the waiting batch"]);
        const pending = pull.receiveBatch(5);
        pull.close();
        assert.equal((await rejection(pending)).code, "EBADF");
        assert.equal((await rejection(pull.receiveBatch(5))).code, "EBADF");
        const timed = s.make("pull", { receiveTimeout: 30 }) as Batching;
        await timed.bind(anyPort);
        assert.equal((await rejection(timed.receiveBatch(5))).code, "EAGAIN");
        assert.equal((await rejection(s.make("push").receiveBatch(5))).code, "ENOTSUP");
      }));

    it(`engine contract (${name}) - an aborted receiveBatch consumes nothing`, () =>
      withSockets(engine(), async (s) => {
        const [pull, push] = await batchingPair(s);
        const ac = new AbortController();
        const aborted = pull.receiveBatch(5, { signal: ac.signal });
        const reason = new Error("stop waiting");
        ac.abort(reason);
        assert.equal(await rejection(aborted), reason);
        for (let i = 0; i < 3; i++) await push.send(String(i));
        await arrived(pull, 3);
        assert.equal((await rejection(pull.receiveBatch(5, { signal: ac.signal }))).message, "stop waiting");
        assert.deepEqual(await collect(pull, 3, 5), ["0", "1", "2"]);
      }));

    it(`engine contract (${name}) - batches aborted at random moments lose, duplicate and reorder nothing`, () =>
      withSockets(engine(), async (s) => {
        const [pull, push] = await batchingPair(s);
        const total = 300;
        const { got, aborts } = await receiveThroughAborts(
          push,
          (signal, k) => pull.receiveBatch(1 + (k % 5), { signal }),
          total,
        );
        assert.deepEqual(got, Array.from({ length: total }, (_, i) => i));
        assert.ok(aborts > 0, "no batch was aborted: the test did not exercise cancellation");
      }));
  });
}
