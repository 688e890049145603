import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  decodeSubscription,
  isSubscriptionFrame,
  subscribes,
  subscriptionMessage,
  subscriptionTopic,
} from "../../src/engine/subscription-message.ts";

describe("subscription message", () => {
  it("subscription message - decodes subscribe and cancel with their topic", () => {
    const s = decodeSubscription([Buffer.from("\x01md.eur")]);
    assert.equal(s?.subscribe, true);
    assert.equal(s?.topic.toString(), "md.eur");
    const c = decodeSubscription([Buffer.from([0])]);
    assert.equal(c?.subscribe, false);
    assert.equal(c?.topic.length, 0);
  });

  it("subscription message - anything else is not a subscription", () => {
    assert.equal(decodeSubscription([Buffer.from("\x02x")]), undefined);
    assert.equal(decodeSubscription([Buffer.alloc(0)]), undefined);
    assert.equal(decodeSubscription([Buffer.from([1]), Buffer.from("more")]), undefined);
    assert.equal(decodeSubscription([]), undefined);
    assert.equal(isSubscriptionFrame(Buffer.from("\x02x")), false);
  });

  it("subscription message - built as 1|0 then the topic bytes, and read back the same", () => {
    const topic = Buffer.from([0x00, 0xff, 0x41]);
    const on = subscriptionMessage(true, topic);
    const off = subscriptionMessage(false, topic);
    assert.deepEqual([...on], [1, 0x00, 0xff, 0x41]);
    assert.deepEqual([...off], [0, 0x00, 0xff, 0x41]);
    assert.deepEqual([subscribes(on), subscribes(off)], [true, false]);
    assert.deepEqual(subscriptionTopic(on), topic);
    assert.deepEqual(decodeSubscription([subscriptionMessage(true, new Uint8Array(0))]), {
      subscribe: true,
      topic: Buffer.alloc(0),
    });
  });
});
