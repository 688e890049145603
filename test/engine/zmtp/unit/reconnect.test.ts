// Connecting in the background: connect before bind, reconnect after the peer restarts, and
// subscriptions re-sent on reconnect.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createZmtpEngine } from "../../../../src/engine/zmtp/index.ts";
import { freeEndpoint } from "../../../helpers/ports.ts";
import { receiveWithin, sleep, texts } from "../helpers/bounded.ts";
import { Cleanup } from "../../../helpers/cleanup.ts";
import { eventually } from "../../../helpers/eventually.ts";

const engine = createZmtpEngine();

describe("zmtp reconnect", () => {
  it("reconnect - connect before bind: a message sent first is delivered once the peer binds", async () => {
    const c = new Cleanup();
    try {
      const ep = await freeEndpoint();
      const push = c.add(engine.socket("push", { linger: 0 }));
      await push.connect(ep);
      await push.send("early");
      await sleep(150);
      const pull = c.add(engine.socket("pull", { linger: 0 }));
      await pull.bind(ep);
      assert.deepEqual(texts(await receiveWithin(pull, 3000)), ["early"]);
      assert.equal(push.counters().handshakeFailures, 0, "refused connects are not failures");
    } finally {
      await c.run();
    }
  });

  it("reconnect - a SUB re-subscribes after its PUB restarts on the same endpoint", async () => {
    const c = new Cleanup();
    try {
      const pub1 = engine.socket("pub", { linger: 0 });
      const ep = await pub1.bind("tcp://127.0.0.1:0");
      const sub = c.add(engine.socket("sub", { linger: 0, reconnectInterval: 20 }));
      sub.subscribe("t");
      await sub.connect(ep);
      await eventually(() => pub1.counters().peers === 1, 2000, "the first connection");
      pub1.close();
      await eventually(() => sub.counters().disconnects === 1, 2000, "the SUB to see the disconnect");
      const pub2 = c.add(engine.socket("pub", { linger: 0 }));
      await pub2.bind(ep);
      await eventually(() => sub.counters().connects === 2, 3000, "the reconnect");
      const got = (async () => texts(await receiveWithin(sub, 3000, "a message after the reconnect")))();
      for (let i = 0; i < 100; i++) {
        await pub2.send(["x-no", "1"]);
        await pub2.send(["t-yes", "2"]);
        const done = await Promise.race([got.then(() => true), sleep(20).then(() => false)]);
        if (done) break;
      }
      assert.deepEqual(await got, ["t-yes", "2"]);
    } finally {
      await c.run();
    }
  });

  it("reconnect - a PUSH keeps its queued messages across the PULL's restart", async () => {
    const c = new Cleanup();
    try {
      const pull1 = engine.socket("pull", { linger: 0 });
      const ep = await pull1.bind("tcp://127.0.0.1:0");
      const push = c.add(engine.socket("push", { linger: 0, reconnectInterval: 20 }));
      await push.connect(ep);
      await push.send("one");
      assert.deepEqual(texts(await receiveWithin(pull1)), ["one"]);
      pull1.close();
      await eventually(() => push.counters().disconnects === 1, 2000, "the disconnect");
      await push.send("two");
      const pull2 = c.add(engine.socket("pull", { linger: 0 }));
      await pull2.bind(ep);
      assert.deepEqual(texts(await receiveWithin(pull2, 3000)), ["two"]);
    } finally {
      await c.run();
    }
  });
});
