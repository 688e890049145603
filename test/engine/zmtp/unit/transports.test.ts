// tcp:// (IPv4, IPv6, *, host names) and ipc:// endpoints, and bind errors.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createZmtpEngine } from "../../../../src/engine/zmtp/index.ts";
import { hasCode } from "../../../../src/engine/errors.ts";
import { receiveWithin, texts } from "../helpers/bounded.ts";
import { Cleanup } from "../../../helpers/cleanup.ts";

const engine = createZmtpEngine();

async function exchange(bindEp: string, connectEp: (bound: string) => string): Promise<string> {
  const c = new Cleanup();
  try {
    const pull = c.add(engine.socket("pull", { linger: 0 }));
    const push = c.add(engine.socket("push", { linger: 0 }));
    const bound = await pull.bind(bindEp);
    await push.connect(connectEp(bound));
    await push.send("over " + bound);
    return texts(await receiveWithin(pull))[0];
  } finally {
    await c.run();
  }
}

function ipv6Loopback(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(0, "::1", () => s.close(() => resolve(true)));
  });
}

const hasIpv6 = await ipv6Loopback();

describe("zmtp transports", () => {
  it("transports - tcp://* binds all interfaces and reports the port it got", async () => {
    const got = await exchange("tcp://*:0", (b) => b.replace(/^tcp:\/\/[^:]+:/, "tcp://127.0.0.1:"));
    assert.match(got, /^over tcp:\/\/0\.0\.0\.0:\d+$/);
  });

  it("transports - a host name connects (localhost)", async () => {
    const got = await exchange("tcp://127.0.0.1:0", (b) => b.replace("127.0.0.1", "localhost"));
    assert.match(got, /^over tcp:\/\/127\.0\.0\.1:\d+$/);
  });

  it(
    "transports - IPv6 loopback in brackets",
    { skip: hasIpv6 ? false : "no IPv6 loopback on this machine" },
    async () => {
      const got = await exchange("tcp://[::1]:0", (b) => b);
      assert.match(got, /^over tcp:\/\/\[::1\]:\d+$/);
    },
  );

  it("transports - ipc:// over a Unix socket, removed again on close", {
    skip: process.platform === "win32" ? "no Unix sockets" : false,
  }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmtp-ipc-"));
    const file = path.join(dir, "s.sock");
    try {
      const got = await exchange(`ipc://${file}`, (b) => b);
      assert.equal(got, `over ipc://${file}`);
      assert.equal(fs.existsSync(file), false, "the socket file is removed on close");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("transports - binding a port in use is EADDRINUSE naming the endpoint", async () => {
    const c = new Cleanup();
    try {
      const a = c.add(engine.socket("pull"));
      const ep = await a.bind("tcp://127.0.0.1:0");
      const b = c.add(engine.socket("pull"));
      await assert.rejects(b.bind(ep), (e) => hasCode(e, "EADDRINUSE") && (e as Error).message.includes(ep));
    } finally {
      await c.run();
    }
  });

  it("transports - an invalid endpoint is refused with a one-line reason", async () => {
    const c = new Cleanup();
    try {
      const a = c.add(engine.socket("pull"));
      await assert.rejects(a.bind("udp://127.0.0.1:1"), /unsupported transport "udp"/);
      await assert.rejects(a.connect("tcp://127.0.0.1:0"), /explicit port/);
    } finally {
      await c.run();
    }
  });
});
