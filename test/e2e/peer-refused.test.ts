// `sub` and `bus` show a peer that keeps refusing the handshake in its greeting (most likely a
// CURVE or PLAIN peer): one line for people however often it retries, every event in JSON.
// The peer is a raw TCP server (or client) that closes each connection at once, as libzmq
// does with a security mechanism other than NULL.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { parseJsonLines, runCli, startCli } from "../helpers/cli.ts";
import { freeEndpoint } from "../helpers/ports.ts";
import { eventually } from "../helpers/eventually.ts";

const reason =
  "the peer closed during the greeting, 1 time: most likely a security mechanism other than NULL (CURVE/PLAIN), which zmtp does not support";

/** A server that accepts and closes every connection; counts them. */
async function closingServer(): Promise<{ endpoint: string; accepted: () => number; close: () => void }> {
  let n = 0;
  const server = net.createServer((s) => {
    n++;
    s.on("error", () => {});
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    endpoint: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    accepted: () => n,
    close: () => server.close(),
  };
}

/** Connects to `endpoint` and closes at once, `times` times; before each next dial, waits until `refused(n)` says the n dials so far were seen. */
async function dialAndClose(endpoint: string, times: number, refused: (n: number) => boolean): Promise<void> {
  const [host, port] = endpoint.replace("tcp://", "").split(":");
  for (let i = 1; i <= times; i++) {
    const s = net.connect(Number(port), host);
    s.on("error", () => {});
    await new Promise<void>((r) => s.once("connect", () => r()));
    s.destroy();
    if (i < times) await eventually(() => refused(i), 10_000, `the bus to refuse dial ${i}`);
  }
}

describe("peer refused in sub and bus", () => {
  for (const worker of [false, true]) {
    it(`peer refused - sub${worker ? " --worker" : ""} against a peer that closes in the greeting: one line, with code, however many retries`, async () => {
      const server = await closingServer();
      try {
        const r = await runCli([
          "sub",
          server.endpoint,
          "--engine",
          "zmtp",
          "--duration",
          "2",
          ...(worker ? ["--worker"] : []),
        ], { timeoutMs: 30_000 });
        assert.ok(server.accepted() >= 2, `${server.accepted()} dials`);
        const lines = r.stderr.split("\n").filter((l) => l.startsWith("peer refused"));
        assert.deepEqual(lines, [`peer refused: ${server.endpoint}: ${reason} [ZMTP_CLOSED_IN_GREETING]`], r.stderr);
      } finally {
        server.close();
      }
    });
  }

  it("peer refused - sub --json: a peer-refused event at the 1st, 2nd, 4th... refusal", async () => {
    const server = await closingServer();
    try {
      const r = await runCli(["sub", server.endpoint, "--engine", "zmtp", "--duration", "2", "--json"], {
        timeoutMs: 30_000,
      });
      const events = parseJsonLines(r.stdout).filter((e) => e.type === "peer-refused");
      assert.ok(events.length >= 2, r.stdout);
      assert.deepEqual(events[0], {
        type: "peer-refused",
        peer: server.endpoint,
        code: "ZMTP_CLOSED_IN_GREETING",
        reason,
        count: 1,
      });
      assert.deepEqual(events.map((e) => e.count), [1, 2, 4, 8].slice(0, events.length));
    } finally {
      server.close();
    }
  });

  for (const json of [false, true]) {
    it(`peer refused - bus${json ? " --json" : ""}: a publisher that closes in the greeting twice is shown ${json ? "as two events" : "once"}`, async () => {
      const frontend = await freeEndpoint();
      const backend = await freeEndpoint();
      const bus = startCli([
        "bus",
        "--engine",
        "zmtp",
        "--frontend",
        frontend,
        "--backend",
        backend,
        "--duration",
        "3",
        ...(json ? ["--json"] : []),
      ], { timeoutMs: 30_000 });
      await bus.waitFor(json ? '"type":"start"' : "forwarding", 10_000, json ? "stdout" : "stderr");
      // --json shows each refusal; the lines for people show the first only.
      const jsonRefusals = () => parseJsonLines(bus.stdout()).filter((e) => e.type === "peer-refused").length;
      const refusals = () => json ? jsonRefusals() : Number(bus.stderr().includes("peer refused (frontend)"));
      await dialAndClose(frontend, 2, (n) => refusals() >= n);
      const r = await bus.done;
      if (json) {
        const events = parseJsonLines(r.stdout).filter((e) => e.type === "peer-refused");
        assert.deepEqual(events.map((e) => [e.socket, e.code, e.count]), [["frontend", "ZMTP_CLOSED_IN_GREETING", 1], [
          "frontend",
          "ZMTP_CLOSED_IN_GREETING",
          2,
        ]]);
        assert.equal(events[0].peer, "tcp://127.0.0.1");
      } else {
        const lines = r.stderr.split("\n").filter((l) => l.startsWith("peer refused"));
        // A peer that dials in is named by its address: each retry comes from a new port.
        assert.deepEqual(
          lines,
          [`peer refused (frontend): tcp://127.0.0.1: ${reason} [ZMTP_CLOSED_IN_GREETING]`],
          r.stderr,
        );
      }
    });
  }
});
