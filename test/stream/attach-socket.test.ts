import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { attachFailureReason } from "../../src/stream/attach-socket.ts";

describe("attach socket", () => {
  it("attach socket - the reason drops the engine's own 'cannot bind <endpoint>:' so it is said once", () => {
    const ep = "tcp://10.255.255.1:5";
    assert.equal(attachFailureReason(new Error(`cannot bind ${ep}: Cannot assign requested address`), ep), "Cannot assign requested address");
    assert.equal(attachFailureReason(new Error(`cannot bind to ${ep}: address not available (EADDRNOTAVAIL)`), ep), "address not available (EADDRNOTAVAIL)");
    assert.equal(attachFailureReason(new Error(`cannot connect to ${ep}: refused`), ep), "refused");
  });

  it("attach socket - any other message is kept whole", () => {
    assert.equal(attachFailureReason(new Error("cannot bind tcp://other:1: x"), "tcp://a:1"), "cannot bind tcp://other:1: x");
    assert.equal(attachFailureReason(new Error("permission denied"), "ipc:///x"), "permission denied");
    assert.equal(attachFailureReason("plain", "ipc:///x"), "plain");
  });
});
