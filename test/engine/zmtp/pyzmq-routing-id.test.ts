// A second libzmq (pyzmq) DEALER with a routing id a live peer already holds: a zmtp ROUTER
// keeps it connected and ignores it, as libzmq's ROUTER does, instead of refusing it at every
// handshake (which made it reconnect many times a second).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadEngine } from "../../../src/engine/load.ts";
import type { SocketEvent } from "../../../src/engine/types.ts";
import { PyzmqPeer, skipPyzmq } from "../../helpers/pyzmq-peer.ts";
import { receiveWithin, sleep, texts } from "./helpers/bounded.ts";
import { eventually } from "../../helpers/eventually.ts";

const skip = skipPyzmq();
const engine = await loadEngine("zmtp");

describe("zmtp against pyzmq: a routing id already in use", { skip }, () => {
  it("pyzmq routing id - the second peer stays connected and ignored; the first keeps the id; no reconnect loop", async () => {
    const router = engine.socket("router", { linger: 0 });
    const events: SocketEvent[] = [];
    router.onEvent((e) => events.push(e));
    const first = await PyzmqPeer.open("dealer", { ROUTING_ID: "same" });
    const second = await PyzmqPeer.open("dealer", { ROUTING_ID: "same" });
    try {
      const at = await router.bind("tcp://127.0.0.1:0");
      await first.connect(at);
      await first.send(["one"]);
      assert.deepEqual(texts(await receiveWithin(router, 3000, "the first peer's message")), ["same", "one"]);
      await second.connect(at);
      await eventually(() => router.counters().connects === 2, 3000, "the second peer's handshake");
      await second.send(["two"]);
      await first.send(["three"]);
      // Only the first peer is heard: its "three" comes, the second's "two" never does.
      assert.deepEqual(texts(await receiveWithin(router, 3000, "the first peer's next message")), ["same", "three"]);
      await router.send(["same", "reply"]);
      assert.deepEqual(texts((await first.receive(3000))!), ["reply"]);
      assert.equal(await second.receive(300), null, "nothing is routed to the second peer");
      await sleep(1000);
      const c = router.counters();
      assert.equal(c.connects, 2, "no reconnects");
      assert.equal(c.handshakeFailures, 0);
      assert.equal(c.peers, 2, "both stay connected");
      assert.deepEqual(events.filter((e) => e.type !== "connect"), []);
      assert.equal(
        await receiveWithin(router, 300, "anything else").catch(() => null),
        null,
        "the second peer's message was ignored",
      );
    } finally {
      router.close();
      await first.close();
      await second.close();
    }
  });
});
