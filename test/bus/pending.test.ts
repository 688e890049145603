import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Registry } from "../../src/engine/registry.ts";
import { pendingNow } from "../../src/bus/shutdown.ts";

describe("bus pending", () => {
  it("bus pending - names each pending operation with its start time, until it settles", () => {
    const r = new Registry();
    const before = Date.now();
    const done = r.pending("frontend xsub#1 (bind tcp://127.0.0.1:1)", "receive");
    const p = pendingNow(r);
    assert.equal(p.length, 1);
    assert.equal(p[0].owner, "frontend xsub#1 (bind tcp://127.0.0.1:1)");
    assert.equal(p[0].operation, "receive");
    assert.ok(Date.parse(p[0].since) >= before);
    assert.ok(p[0].pendingMs >= 0);
    done();
    assert.deepEqual(pendingNow(r), []);
  });
});
