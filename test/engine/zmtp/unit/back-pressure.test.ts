// High-water marks: PUB drops and counts exactly; PUSH waits for room and never drops.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { createZmtpEngine } from "../../../../src/engine/zmtp/index.ts";
import { hasCode } from "../../../../src/engine/errors.ts";
import { receiveWithin, sleep, within } from "../helpers/bounded.ts";
import { Cleanup } from "../../../helpers/cleanup.ts";
import { eventually } from "../../../helpers/eventually.ts";

const engine = createZmtpEngine();

describe("zmtp back-pressure", () => {
  it("back-pressure - a PUB whose subscriber does not read drops, and received + drops = sent", async () => {
    const c = new Cleanup();
    try {
      const pub = c.add(engine.socket("pub", { linger: 0, sendHighWaterMark: 10 }));
      const sub = c.add(engine.socket("sub", { linger: 0, receiveHighWaterMark: 10, receiveTimeout: 300 }));
      const ep = await pub.bind("tcp://127.0.0.1:0");
      sub.subscribe("");
      await sub.connect(ep);
      await eventually(() => pub.counters().peers === 1, 2000, "the subscriber");
      await sleep(50);
      const sent = 50_000;
      const body = Buffer.alloc(1000, 1);
      for (let i = 0; i < sent; i++) {
        await pub.send(body);
        if (i % 1000 === 0) await sleep(0);
      }
      const drops = pub.counters().drops!;
      assert.ok(drops > 0, "with small high-water marks and no reader, some messages must be dropped");
      let received = 0;
      for (let i = 0; i < sent; i++) {
        try {
          await sub.receive();
          received++;
        } catch (e) {
          assert.ok(hasCode(e, "EAGAIN"), String(e));
          break;
        }
      }
      assert.equal(received + drops, sent, `received ${received} + drops ${drops}`);
      assert.equal(pub.counters().connections?.[0].drops, drops);
    } finally {
      await c.run();
    }
  });

  it("back-pressure - PUSH waits for room when the PULL does not read, and loses nothing", async () => {
    const c = new Cleanup();
    try {
      const pull = c.add(engine.socket("pull", { linger: 0, receiveHighWaterMark: 5 }));
      const push = c.add(engine.socket("push", { linger: 0, sendHighWaterMark: 5 }));
      const ep = await pull.bind("tcp://127.0.0.1:0");
      await push.connect(ep);
      const body = Buffer.alloc(64 * 1024, 2);
      let sent = 0;
      let blocked = false;
      for (let i = 0; i < 2000; i++) {
        const p = push.send(body);
        const r = await Promise.race([p.then(() => "sent"), sleep(200).then(() => "blocked")]);
        if (r === "blocked") {
          blocked = true;
          let got = 0;
          // Reading makes room; the blocked send then completes.
          while (got < 50) {
            await receiveWithin(pull, 3000, "a queued message");
            got++;
          }
          await within(p, 3000, "the blocked send");
          sent = i + 1;
          for (let k = 0; k < sent - got; k++) await receiveWithin(pull, 3000, `message ${got + k}`);
          break;
        }
      }
      assert.ok(blocked, "a send must block once every buffer is full");
      assert.equal(push.counters().drops, 0);
      assert.equal(pull.counters().messagesIn, sent);
    } finally {
      await c.run();
    }
  });
});
