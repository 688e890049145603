import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkSubOptions } from "../../src/sub/check-sub-options.ts";
import type { SubOptions } from "../../src/sub/sub-options.ts";
import { UsageError } from "../../src/cli/usage-error.ts";
import { EndpointError } from "../../src/engine/endpoint.ts";
import { SeqSpecError } from "../../src/stream/seq-extractor.ts";
import { UserError } from "../../src/user-error.ts";

const base: SubOptions = {
  endpoint: "tcp://127.0.0.1:5556",
  bind: true,
  type: "sub",
  topics: [""],
  engine: "zmtp",
  seq: "header",
  fromZero: false,
  json: false,
  worker: false,
  heartbeatMs: 1000,
};

describe("sub options", () => {
  it("sub options - accepts every --seq form", () => {
    for (const seq of ["header", "json:a.b", "text:n=(\\d+)", "u64be:0", "u32be:8", "none"]) {
      assert.equal(checkSubOptions({ ...base, seq }).seq, seq);
    }
  });

  it("sub options - bad combinations are usage errors", () => {
    // A bad --seq is the parser's own user error, not re-wrapped.
    assert.throws(
      () => checkSubOptions({ ...base, seq: "json" }),
      (e) => e instanceof SeqSpecError && e instanceof UserError,
    );
    assert.throws(() => checkSubOptions({ ...base, type: "pull", topics: ["a"] }), UsageError);
    assert.equal(checkSubOptions({ ...base, type: "pull" }).type, "pull");
    assert.throws(() => checkSubOptions({ ...base, endpoint: "inproc://x" }), EndpointError);
    assert.throws(() => checkSubOptions({ ...base, endpoint: "tcp://:5" }), EndpointError);
  });
});
