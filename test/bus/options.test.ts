import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkBusEndpoints } from "../../src/bus/options.ts";
import { UsageError } from "../../src/cli/usage-error.ts";
import { EndpointError } from "../../src/engine/endpoint.ts";

describe("bus options", () => {
  it("bus options - different endpoints pass", () => {
    checkBusEndpoints({ frontend: "tcp://127.0.0.1:5555", backend: "tcp://127.0.0.1:5556" });
    checkBusEndpoints({ frontend: "tcp://127.0.0.1:0", backend: "tcp://127.0.0.1:0" });
    checkBusEndpoints({ frontend: "ipc:///tmp/a", backend: "tcp://127.0.0.1:5556" });
  });
  it("bus options - the same address twice is a usage error", () => {
    assert.throws(
      () => checkBusEndpoints({ frontend: "tcp://127.0.0.1:5555", backend: "tcp://127.0.0.1:5555" }),
      UsageError,
    );
    assert.throws(
      () => checkBusEndpoints({ frontend: "tcp://*:5555", backend: "tcp://127.0.0.1:5555" }),
      /must differ/,
    );
    assert.throws(() => checkBusEndpoints({ frontend: "ipc:///tmp/a", backend: "ipc:///tmp/a" }), UsageError);
  });
  it("bus options - a bad endpoint is an endpoint error", () => {
    assert.throws(
      () => checkBusEndpoints({ frontend: "tcp://127.0.0.1", backend: "tcp://127.0.0.1:5556" }),
      EndpointError,
    );
    assert.throws(() => checkBusEndpoints({ frontend: "tcp://127.0.0.1:5555", backend: "inproc://x" }), EndpointError);
  });
});
