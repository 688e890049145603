import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isSocketType, nativeOptions } from "../../../src/engine/native/create-socket.ts";
import { defaultLingerMs } from "../../../src/engine/types.ts";

describe("native socket options", () => {
  it("native socket options - linger defaults to a bounded 1000 ms; a given linger wins", () => {
    assert.equal(defaultLingerMs, 1000);
    assert.equal(nativeOptions("push", {}, false).linger, 1000);
    assert.equal(nativeOptions("push", { linger: -1 }, false).linger, -1);
    assert.equal(nativeOptions("push", { linger: 0 }, false).linger, 0);
  });

  it("native socket options - never a positive receive or send timeout on the zeromq.js socket", () => {
    for (const polling of [false, true]) {
      for (const type of ["pull", "push", "dealer", "sub", "pub"] as const) {
        const o = nativeOptions(type, { receiveTimeout: 250, sendTimeout: 250 }, polling);
        assert.ok(
          o.receiveTimeout === undefined || o.receiveTimeout === 0,
          `${type} receiveTimeout ${o.receiveTimeout}`,
        );
        assert.ok(o.sendTimeout === undefined || o.sendTimeout === 0, `${type} sendTimeout ${o.sendTimeout}`);
      }
    }
    assert.equal(nativeOptions("push", { sendTimeout: 250 }, false).sendTimeout, 0);
    assert.equal(nativeOptions("push", {}, false).sendTimeout, undefined);
    assert.equal(nativeOptions("pull", { receiveTimeout: 250 }, false).receiveTimeout, undefined);
    assert.equal(nativeOptions("pull", {}, true).receiveTimeout, 0);
    assert.equal(nativeOptions("push", {}, true).sendTimeout, 0);
  });

  it("native socket options - each option goes only to socket types that have it", () => {
    const all = {
      sendHighWaterMark: 5,
      receiveHighWaterMark: 6,
      routingId: "me",
      verbosity: "allSubs" as const,
      reconnectInterval: 10,
      reconnectMaxInterval: 20,
      heartbeatInterval: 30,
      heartbeatTimeout: 40,
      heartbeatTimeToLive: 50,
      maxMessageSize: 60,
      connectTimeout: 70,
    };
    const common = {
      reconnectInterval: 10,
      reconnectMaxInterval: 20,
      heartbeatInterval: 30,
      heartbeatTimeout: 40,
      heartbeatTimeToLive: 50,
      maxMessageSize: 60,
      connectTimeout: 70,
    };
    assert.deepEqual(nativeOptions("push", all, false), { linger: 1000, ...common, sendHighWaterMark: 5 });
    assert.deepEqual(nativeOptions("sub", all, false), { linger: 1000, ...common, receiveHighWaterMark: 6 });
    assert.deepEqual(nativeOptions("dealer", all, false), {
      linger: 1000,
      ...common,
      sendHighWaterMark: 5,
      receiveHighWaterMark: 6,
      routingId: "me",
    });
    assert.deepEqual(nativeOptions("xpub", all, false), {
      linger: 1000,
      ...common,
      sendHighWaterMark: 5,
      receiveHighWaterMark: 6,
      verbosity: "allSubs",
    });
  });

  it("native socket options - all eleven socket types are known, others are not", () => {
    for (const t of ["pub", "sub", "xpub", "xsub", "push", "pull", "pair", "dealer", "router", "req", "rep"]) {
      assert.ok(isSocketType(t), t);
    }
    for (const t of ["stream", "PUB", "", "toString"]) assert.equal(isSocketType(t), false, t);
  });
});
