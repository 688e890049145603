import { describe, it } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { attachFailureReason, attachSocket } from "../../src/stream/attach-socket.ts";
import { EndpointError } from "../../src/engine/endpoint.ts";
import { ZmqError } from "../../src/engine/errors.ts";
import { loadEngine } from "../../src/engine/load.ts";
import { UserError } from "../../src/user-error.ts";
import { testableEngines } from "../helpers/engines.ts";

describe("attach socket", () => {
  it("attach socket - the reason drops the engine's own 'cannot bind <endpoint>:' so it is said once", () => {
    const ep = "tcp://10.255.255.1:5";
    assert.equal(
      attachFailureReason(new Error(`cannot bind ${ep}: Cannot assign requested address`), ep),
      "Cannot assign requested address",
    );
    assert.equal(
      attachFailureReason(new Error(`cannot bind to ${ep}: address not available (EADDRNOTAVAIL)`), ep),
      "address not available (EADDRNOTAVAIL)",
    );
    assert.equal(attachFailureReason(new Error(`cannot connect to ${ep}: refused`), ep), "refused");
  });

  it("attach socket - any other message is kept whole", () => {
    assert.equal(
      attachFailureReason(new Error("cannot bind tcp://other:1: x"), "tcp://a:1"),
      "cannot bind tcp://other:1: x",
    );
    assert.equal(attachFailureReason(new Error("permission denied"), "ipc:///x"), "permission denied");
    assert.equal(attachFailureReason("plain", "ipc:///x"), "plain");
  });

  for (const name of testableEngines()) {
    it(`attach socket (${name}) - a port in use is the user's EndpointError, with the engine's error as its cause`, async () => {
      const srv = net.createServer();
      await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
      const endpoint = `tcp://127.0.0.1:${(srv.address() as net.AddressInfo).port}`;
      const socket = (await loadEngine(name)).socket("pull", { linger: 0 });
      try {
        const e = await attachSocket(socket, endpoint, true, "--frontend").then(
          () => assert.fail("bound a port in use"),
          (err: unknown) => err,
        );
        assert.ok(e instanceof EndpointError && e instanceof UserError);
        assert.equal(e.message, `cannot bind --frontend ${endpoint}: address already in use`);
        assert.equal(e.code, "EADDRINUSE");
        assert.ok(e.cause instanceof ZmqError);
        assert.equal(e.cause.code, "EADDRINUSE");
      } finally {
        socket.close();
        srv.close();
      }
    });

    it(`attach socket (${name}) - a bind on a closed socket is not the user's: the engine's EBADF comes through`, async () => {
      const socket = (await loadEngine(name)).socket("pull", { linger: 0 });
      socket.close();
      const e = await attachSocket(socket, "tcp://127.0.0.1:0", true).then(
        () => assert.fail("bound a closed socket"),
        (err: unknown) => err,
      );
      assert.ok(e instanceof ZmqError && !(e instanceof UserError));
      assert.equal(e.code, "EBADF");
    });
  }
});
