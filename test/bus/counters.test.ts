import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { BusCounters } from "../../src/bus/counters.ts";
import { decodeSubscription } from "../../src/engine/subscription-message.ts";

describe("bus counters", () => {
  it("bus counters - counts messages and bytes of whole multipart messages each way", () => {
    const c = new BusCounters();
    c.forwardedDown([Buffer.from("md.eur"), Buffer.alloc(100)]);
    c.forwardedDown([Buffer.from("md.usd"), Buffer.alloc(50), Buffer.alloc(3)]);
    const sub = [Buffer.from("\x01md.")];
    c.forwardedUp(sub, decodeSubscription(sub));
    const s = c.stats();
    assert.deepEqual(s.down, { messages: 2, bytes: 6 + 100 + 6 + 53 });
    assert.deepEqual(s.up, { messages: 1, bytes: 4 });
  });
  it("bus counters - subscriptions and unsubscriptions per topic, sorted", () => {
    const c = new BusCounters();
    const up = (text: string) => {
      const m = [Buffer.from(text)];
      c.forwardedUp(m, decodeSubscription(m));
    };
    up("\x01b");
    up("\x01a");
    up("\x01b");
    up("\x00b");
    up("\x01");
    up("hello");
    const s = c.stats();
    assert.deepEqual(s.topics, [
      { topic: "", subscribe: 1, unsubscribe: 0 },
      { topic: "a", subscribe: 1, unsubscribe: 0 },
      { topic: "b", subscribe: 2, unsubscribe: 1 },
    ]);
    assert.equal(s.upOther, 1);
    assert.equal(s.up.messages, 6);
  });
  it("bus counters - without an engine's numbers, peers and drops are null, never 0", () => {
    const s = new BusCounters().stats();
    assert.equal(s.publishers, null);
    assert.equal(s.subscribers, null);
    assert.equal(s.drops, null);
    assert.equal(s.frontend.protocolErrors, null);
  });
});
