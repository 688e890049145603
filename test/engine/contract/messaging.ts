/** Contract: the socket patterns, each against a peer of the same engine over loopback TCP. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Engine } from "../../../src/engine/types.ts";
import { anyPort, awaitSubscribed, recvText, withSockets } from "./harness.ts";

/** Registers the pattern tests for one engine. */
export function messagingContract(name: string, engine: () => Engine): void {
  describe(`engine contract (${name}) - patterns`, () => {
    it(`engine contract (${name}) - push/pull delivers messages in order`, () =>
      withSockets(engine(), async (s) => {
        const [pull, push] = await s.pair("pull", "push");
        for (let i = 0; i < 5; i++) await push.send(`m${i}`);
        for (let i = 0; i < 5; i++) assert.deepEqual(await recvText(pull), [`m${i}`]);
      }));

    it(`engine contract (${name}) - pub/sub filters by topic prefix`, () =>
      withSockets(engine(), async (s) => {
        const [pub, sub] = await s.pair("pub", "sub");
        sub.subscribe("A");
        await awaitSubscribed(pub, sub, "A");
        await pub.send(["B", "not for A"]);
        await pub.send(["AB", "prefix match"]);
        await pub.send(["A", "exact"]);
        assert.deepEqual(await recvText(sub), ["AB", "prefix match"]);
        assert.deepEqual(await recvText(sub), ["A", "exact"]);
      }));

    it(`engine contract (${name}) - pub/sub unsubscribe stops a topic`, () =>
      withSockets(engine(), async (s) => {
        const [pub, sub] = await s.pair("pub", "sub");
        sub.subscribe("A");
        await awaitSubscribed(pub, sub, "A");
        sub.unsubscribe("A");
        // Once a later subscription is effective, the earlier cancel (sent before it) is too.
        sub.subscribe("M");
        await awaitSubscribed(pub, sub, "M");
        await pub.send(["A", "after unsubscribe"]);
        await pub.send(["M", "marker"]);
        assert.deepEqual(await recvText(sub), ["M", "marker"]);
      }));

    it(`engine contract (${name}) - xpub hands new subscriptions to the application`, () =>
      withSockets(engine(), async (s) => {
        const xpub = s.make("xpub");
        const ep = await xpub.bind(anyPort);
        const sub1 = s.make("sub");
        await sub1.connect(ep);
        sub1.subscribe("T");
        assert.deepEqual(await recvText(xpub), ["\x01T"]);
        const sub2 = s.make("sub");
        await sub2.connect(ep);
        sub2.subscribe("T");
        sub2.subscribe("U");
        // Without verbosity the duplicate "T" is not shown: the next message is "U".
        assert.deepEqual(await recvText(xpub), ["\x01U"]);
      }));

    it(`engine contract (${name}) - xpub verbose (allSubs) shows duplicate subscriptions`, () =>
      withSockets(engine(), async (s) => {
        const xpub = s.make("xpub", { verbosity: "allSubs" });
        const ep = await xpub.bind(anyPort);
        for (let i = 0; i < 2; i++) {
          const sub = s.make("sub");
          await sub.connect(ep);
          sub.subscribe("T");
          assert.deepEqual(await recvText(xpub), ["\x01T"], `subscriber ${i + 1}`);
        }
      }));

    it(`engine contract (${name}) - xpub verboser (allSubsUnsubs) shows every unsubscribe`, () =>
      withSockets(engine(), async (s) => {
        const xpub = s.make("xpub", { verbosity: "allSubsUnsubs" });
        const ep = await xpub.bind(anyPort);
        const subs = [s.make("sub"), s.make("sub")];
        for (const sub of subs) {
          await sub.connect(ep);
          sub.subscribe("T");
          assert.deepEqual(await recvText(xpub), ["\x01T"]);
        }
        for (const sub of subs) {
          sub.unsubscribe("T");
          assert.deepEqual(await recvText(xpub), ["\x00T"]);
        }
      }));

    it(`engine contract (${name}) - xsub subscribes upstream and is filtered`, () =>
      withSockets(engine(), async (s) => {
        const [pub, xsub] = await s.pair("pub", "xsub");
        xsub.subscribe("K");
        await awaitSubscribed(pub, xsub, "K");
        await pub.send(["L", "other topic"]);
        await pub.send(["K1", "wanted"]);
        assert.deepEqual(await recvText(xsub), ["K1", "wanted"]);
      }));

    it(`engine contract (${name}) - pair talks both ways`, () =>
      withSockets(engine(), async (s) => {
        const [a, b] = await s.pair("pair", "pair");
        await b.send("from b");
        assert.deepEqual(await recvText(a), ["from b"]);
        await a.send("from a");
        assert.deepEqual(await recvText(b), ["from a"]);
      }));

    it(`engine contract (${name}) - router sees the dealer's identity and routes by it`, () =>
      withSockets(engine(), async (s) => {
        const router = s.make("router");
        const ep = await router.bind(anyPort);
        const dealer = s.make("dealer", { routingId: "dealer-1" });
        await dealer.connect(ep);
        await dealer.send(["hello", "world"]);
        assert.deepEqual(await recvText(router), ["dealer-1", "hello", "world"]);
        await router.send(["dealer-1", "back"]);
        assert.deepEqual(await recvText(dealer), ["back"]);
      }));

    it(`engine contract (${name}) - req/rep round trip, twice`, () =>
      withSockets(engine(), async (s) => {
        const [rep, req] = await s.pair("rep", "req");
        for (const n of [1, 2]) {
          await req.send(`ping ${n}`);
          assert.deepEqual(await recvText(rep), [`ping ${n}`]);
          await rep.send(`pong ${n}`);
          assert.deepEqual(await recvText(req), [`pong ${n}`]);
        }
      }));
  });
}
