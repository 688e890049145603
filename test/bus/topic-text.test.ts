import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { topicText } from "../../src/bus/topic-text.ts";

describe("bus topic text", () => {
  it("bus topic text - topics print as text, or as hex when binary", () => {
    assert.equal(topicText(Buffer.from("md.eur")), "md.eur");
    assert.equal(topicText(Buffer.alloc(0)), "");
    assert.equal(topicText(Buffer.from([0x00, 0xff, 0x41])), "0x00ff41");
    assert.equal(topicText(Buffer.from("a\nb")), "0x610a62");
  });
});
