import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { loadEngine } from "../../../../src/engine/load.ts";
import { forEachLastFrame } from "../../../../src/engine/encoded-messages.ts";
import { ZmqError } from "../../../../src/engine/errors.ts";
import { receiveWithin, texts } from "../helpers/bounded.ts";
import { withCleanup } from "../../../helpers/cleanup.ts";
import { eventually } from "../../../helpers/eventually.ts";

const engine = await loadEngine("zmtp");

describe("zmtp consume", () => {
  it("zmtp consume - every matching message reaches the sink, in order, in place; receive() is EBUSY meanwhile and works after stop()", async () => {
    await withCleanup(async (c) => {
      const pub = c.add(engine.socket("pub"));
      const sub = c.add(engine.socket("sub"));
      const ep = await pub.bind("tcp://127.0.0.1:0");
      sub.subscribe("a");
      await sub.connect(ep);
      const got: string[] = [];
      let inPlace = 0;
      const consuming = sub.consume!({
        encoded(chunk, start, end) {
          inPlace += forEachLastFrame(
            chunk,
            start,
            end,
            (b, at, len) => got.push(Buffer.from(b.subarray(at, at + len)).toString("latin1")),
          );
        },
        frames(frames) {
          got.push(frames[frames.length - 1].toString("latin1"));
        },
      });
      await assert.rejects(sub.receive(), (e: unknown) => e instanceof ZmqError && e.code === "EBUSY");
      // Subscriptions travel upstream first: send until the first message gets through.
      await eventually(
        () => {
          pub.sendNow(["a", "probe"]);
          return got.length > 0;
        },
        5000,
        "the subscription to reach the publisher",
      );
      await new Promise((r) => setTimeout(r, 100)); // the last probes in flight arrive
      got.length = 0;
      inPlace = 0;
      const before = consuming.messages;
      const big = "x".repeat(300_000); // longer than one read: whole either way
      for (let i = 0; i < 2000; i++) {
        pub.sendNow(["b", `no ${i}`]);
        pub.sendNow(["a", i === 1000 ? big : `m${i}`]);
      }
      await eventually(() => got.length >= 2000, 10_000, "2000 messages");
      assert.equal(got.length, 2000);
      assert.deepEqual(
        got.filter((_, i) => i !== 1000),
        Array.from({ length: 2000 }, (_, i) => `m${i}`).filter((_, i) => i !== 1000),
      );
      assert.equal(got[1000], big);
      assert.ok(inPlace > 0, "nothing was handed over in place");
      assert.equal(consuming.messages - before, 2000);
      consuming.stop();
      pub.sendNow(["a", "after"]);
      assert.deepEqual(texts(await receiveWithin(sub)), ["a", "after"]);
    });
  });

  it("zmtp consume - a second consume or a forward is EBUSY; messages queued before go first", async () => {
    await withCleanup(async (c) => {
      const push = c.add(engine.socket("push"));
      const pull = c.add(engine.socket("pull"));
      const ep = await pull.bind("tcp://127.0.0.1:0");
      await push.connect(ep);
      await push.send("queued");
      await eventually(() => pull.counters().connects === 1, 5000, "the connection");
      await new Promise((r) => setTimeout(r, 100));
      const got: string[] = [];
      const sink = {
        encoded: (chunk: Buffer, s: number, e: number) =>
          void forEachLastFrame(
            chunk,
            s,
            e,
            (b, at, len) => got.push(Buffer.from(b.subarray(at, at + len)).toString()),
          ),
        frames: (f: Buffer[]) => void got.push(f[0].toString()),
      };
      const consuming = pull.consume!(sink);
      assert.deepEqual(got, ["queued"]);
      assert.throws(() => pull.consume!(sink), (e: unknown) => e instanceof ZmqError && e.code === "EBUSY");
      await push.send("next");
      await eventually(() => got.length === 2, 5000, "the next message");
      assert.deepEqual(got, ["queued", "next"]);
      consuming.stop();
    });
  });
});
