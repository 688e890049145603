import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { finalLinkText, type LinkFacts, linkState } from "../../src/sub/liveness.ts";

const facts = (over: Partial<LinkFacts>): LinkFacts => ({
  eventsKnown: true,
  connects: 1,
  disconnects: 0,
  up: 1,
  lastDown: null,
  lastMessageAt: 2300,
  now: 2310,
  lastPongAt: null,
  heartbeats: true,
  ...over,
});
const final = (f: LinkFacts) => finalLinkText(f, linkState(f));

describe("sub - the link at the end of a run", () => {
  it("sub - a run stopped while receiving says until when, not just 'receiving'", () => {
    assert.equal(final(facts({})), "receiving until the end (last message at +2.3 s)");
  });

  it("sub - a run whose publisher left with its last messages names the close and its reason", () => {
    const f = facts({
      up: 0,
      disconnects: 1,
      lastDown: { at: 2250, peer: "tcp://127.0.0.1:5", reason: "peer closed" },
    });
    assert.equal(
      final(f),
      "receiving until the end (last message at +2.3 s); connection closed at +2.3 s (peer closed)",
    );
  });

  it("sub - without connection events, nothing is claimed of the connection", () => {
    const f = facts({ eventsKnown: false, up: 0, disconnects: 1, lastDown: { at: 2250, peer: "x" } });
    assert.equal(final(f), "receiving until the end (last message at +2.3 s)");
  });

  it("sub - an idle or dead link reads as it did during the run", () => {
    const idle = facts({ lastMessageAt: 500, now: 5000, lastPongAt: 4900 });
    assert.equal(final(idle), linkState(idle).text);
    assert.match(final(idle), /^publisher idle since \+0\.5 s, connection alive/);
    const dead = facts({ lastMessageAt: 500, now: 5000, up: 0, disconnects: 1, lastDown: { at: 600, peer: "p" } });
    assert.equal(final(dead), "connection dead since +0.6 s");
  });
});
