import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkPubOptions } from "../../src/pub/check-pub-options.ts";
import type { PubInput } from "../../src/pub/pub-options.ts";
import { UsageError } from "../../src/cli/usage-error.ts";
import { EndpointError } from "../../src/engine/endpoint.ts";

const base: PubInput = {
  endpoint: "tcp://127.0.0.1:5556",
  bind: false,
  type: "pub",
  topic: "",
  engine: "zmtp",
  size: 100,
  lingerMs: 1000,
  json: false,
};

describe("pub options", () => {
  it("pub options - defaults: a warmup for pub and xpub, none for push, a random stream", () => {
    assert.equal(checkPubOptions(base).options.warmupMs, 300);
    assert.equal(checkPubOptions({ ...base, type: "xpub" }).options.warmupMs, 300);
    assert.equal(checkPubOptions({ ...base, type: "push" }).options.warmupMs, 0);
    assert.equal(checkPubOptions({ ...base, warmupMs: 5 }).options.warmupMs, 5);
    const streams = new Set(Array.from({ length: 20 }, () => checkPubOptions(base).options.stream));
    assert.ok(streams.size > 1);
    for (const s of streams) assert.ok(Number.isInteger(s) && s >= 0 && s <= 0xffffffff);
    assert.equal(checkPubOptions({ ...base, stream: 0 }).options.stream, 0);
  });

  it("pub options - --skip is parsed into ranges", () => {
    assert.deepEqual(checkPubOptions({ ...base, skip: "20-25,10" }).skips, [[10, 10], [20, 25]]);
    assert.deepEqual(checkPubOptions(base).skips, []);
  });

  it("pub options - bad combinations are usage errors", () => {
    assert.throws(() => checkPubOptions({ ...base, size: 31 }), UsageError);
    assert.throws(() => checkPubOptions({ ...base, skip: "x" }), UsageError);
    assert.throws(() => checkPubOptions({ ...base, stream: 2 ** 32 }), UsageError);
    assert.throws(() => checkPubOptions({ ...base, endpoint: "inproc://a" }), EndpointError);
    assert.throws(() => checkPubOptions({ ...base, endpoint: "tcp://127.0.0.1:*" }), EndpointError);
    assert.equal(checkPubOptions({ ...base, endpoint: "tcp://127.0.0.1:*", bind: true }).options.bind, true);
  });
});
