import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { decodeSubscription, topicText } from "../../src/bus/subscription.ts";

describe("bus subscription", () => {
  it("bus subscription - decodes subscribe and cancel with their topic", () => {
    const s = decodeSubscription([Buffer.from("\x01md.eur")]);
    assert.equal(s?.subscribe, true);
    assert.equal(s?.topic.toString(), "md.eur");
    const c = decodeSubscription([Buffer.from([0])]);
    assert.equal(c?.subscribe, false);
    assert.equal(c?.topic.length, 0);
  });
  it("bus subscription - anything else is not a subscription", () => {
    assert.equal(decodeSubscription([Buffer.from("\x02x")]), undefined);
    assert.equal(decodeSubscription([Buffer.alloc(0)]), undefined);
    assert.equal(decodeSubscription([Buffer.from([1]), Buffer.from("more")]), undefined);
    assert.equal(decodeSubscription([]), undefined);
  });
  it("bus subscription - topics print as text, or as hex when binary", () => {
    assert.equal(topicText(Buffer.from("md.eur")), "md.eur");
    assert.equal(topicText(Buffer.alloc(0)), "");
    assert.equal(topicText(Buffer.from([0x00, 0xff, 0x41])), "0x00ff41");
    assert.equal(topicText(Buffer.from("a\nb")), "0x610a62");
  });
});
