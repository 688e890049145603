import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { TopicCounts, TopicSet } from "../../../../src/engine/zmtp/subscriptions.ts";
import { Ring } from "../../../../src/engine/zmtp/ring.ts";

const b = (s: string) => Buffer.from(s, "latin1");

describe("zmtp subscriptions", () => {
  it("subscriptions - a publisher's set is idempotent, like libzmq's mtrie", () => {
    const s = new TopicSet();
    assert.equal(s.add(b("A")), true);
    assert.equal(s.add(b("A")), false);
    assert.equal(s.remove(b("A")), true);
    assert.equal(s.matches(b("A1")), false);
  });

  it("subscriptions - a subscriber's counts need as many removes as adds", () => {
    const c = new TopicCounts();
    assert.equal(c.add(b("A")), true);
    assert.equal(c.add(b("A")), false);
    assert.equal(c.remove(b("A")), false);
    assert.equal(c.matches(b("A1")), true);
    assert.equal(c.remove(b("A")), true);
    assert.equal(c.matches(b("A1")), false);
    assert.equal(c.remove(b("A")), false, "removing what is not there changes nothing");
  });

  it("subscriptions - matching is a byte prefix test; the empty topic matches everything", () => {
    const s = new TopicSet();
    s.add(b("\x00\xff"));
    assert.equal(s.matches(b("\x00\xffrest")), true);
    assert.equal(s.matches(b("\x00")), false);
    s.add(b(""));
    assert.equal(s.matches(b("")), true);
    assert.deepEqual(s.list().map((t) => t.toString("hex")).sort(), ["", "00ff"]);
  });

  it("ring - keeps order across growth and wrap-around", () => {
    const r = new Ring<number>(2);
    const out: number[] = [];
    for (let i = 0; i < 50; i++) {
      r.push(i);
      if (i % 3 === 0) out.push(r.shift()!);
    }
    while (r.length > 0) out.push(r.shift()!);
    assert.deepEqual(out, [...Array(50).keys()]);
    assert.equal(r.shift(), undefined);
  });
});
