import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { EndpointError, formatTcpEndpoint, parseEndpoint } from "../../src/engine/endpoint.ts";

describe("endpoint", () => {
  it("endpoint - parses tcp with host and port", () => {
    assert.deepEqual(parseEndpoint("tcp://127.0.0.1:5556"), {
      transport: "tcp",
      host: "127.0.0.1",
      port: 5556,
      text: "tcp://127.0.0.1:5556",
    });
    assert.deepEqual(parseEndpoint("tcp://localhost:1"), {
      transport: "tcp",
      host: "localhost",
      port: 1,
      text: "tcp://localhost:1",
    });
    assert.equal((parseEndpoint("TCP://h:65535") as { port: number }).port, 65535);
  });

  it("endpoint - IPv6 hosts are written in brackets and read without them", () => {
    assert.deepEqual(parseEndpoint("tcp://[::1]:5556"), {
      transport: "tcp",
      host: "::1",
      port: 5556,
      text: "tcp://[::1]:5556",
    });
    assert.equal(formatTcpEndpoint("::1", 7), "tcp://[::1]:7");
    assert.equal(formatTcpEndpoint("127.0.0.1", 7), "tcp://127.0.0.1:7");
  });

  it("endpoint - port 0, port * and host * only when binding", () => {
    for (const text of ["tcp://127.0.0.1:0", "tcp://127.0.0.1:*"]) {
      assert.equal((parseEndpoint(text, { forBind: true }) as { port: number }).port, 0);
      assert.throws(() => parseEndpoint(text), /connect needs an explicit port/);
    }
    assert.equal((parseEndpoint("tcp://*:5556", { forBind: true }) as { host: string }).host, "*");
    assert.throws(() => parseEndpoint("tcp://*:5556"), /host \* is only valid when binding/);
  });

  it("endpoint - ipc paths, and inproc only when allowed", () => {
    assert.deepEqual(parseEndpoint("ipc:///tmp/x.sock"), {
      transport: "ipc",
      path: "/tmp/x.sock",
      text: "ipc:///tmp/x.sock",
    });
    assert.throws(() => parseEndpoint("inproc://bus"), /inproc:\/\/ only works inside one process/);
    assert.deepEqual(parseEndpoint("inproc://bus", { allowInproc: true }), {
      transport: "inproc",
      name: "bus",
      text: "inproc://bus",
    });
  });

  it("endpoint - bad endpoints throw an EndpointError naming the endpoint and the problem", () => {
    const cases: Array<[string, RegExp]> = [
      ["127.0.0.1:5556", /expected transport:\/\/address/],
      ["tcp://127.0.0.1", /expected tcp:\/\/host:port/],
      ["tcp://:5556", /missing host/],
      ["tcp://h:port", /port "port" is not a number/],
      ["tcp://h:70000", /port 70000 is out of range 1-65535/],
      ["tcp://h:-1", /is not a number/],
      ["udp://h:1", /unsupported transport "udp"/],
      ["ipc://", /ipc:\/\/ needs a path/],
      ["tcp://a:b:1", /expected tcp:\/\/host:port/],
    ];
    for (const [text, problem] of cases) {
      assert.throws(() => parseEndpoint(text, { forBind: true }), (e: unknown) => {
        assert.ok(e instanceof EndpointError, `${text}: ${String(e)}`);
        assert.match(e.message, problem);
        assert.ok(e.message.includes(text), e.message);
        assert.doesNotMatch(e.message, /\n/);
        return true;
      });
    }
  });
});
