// An exception of zmqdiag's own while a connection handles a peer's input is reported as
// internal-error (ZMTP_INTERNAL), never as the peer's protocol error. The fault is injected by
// a socket-side host whose message() throws (a stand-in for a bug of ours); the connection,
// the TCP stream and the peer's bytes are real.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { Buffer } from "node:buffer";
import { Connection } from "../../../../src/engine/zmtp/connection.ts";
import type { ConnectionHost } from "../../../../src/engine/zmtp/connection-host.ts";
import type { ConnectionEnd } from "../../../../src/engine/zmtp/connection-end.ts";
import { netStream } from "../../../../src/engine/zmtp/net-stream.ts";
import { Pipe } from "../../../../src/engine/zmtp/pipe.ts";
import { SocketStats } from "../../../../src/engine/zmtp/socket-stats.ts";
import type { SocketEvent } from "../../../../src/engine/types.ts";
import { RawPeer } from "../helpers/raw-peer.ts";
import { withCleanup } from "../../../helpers/cleanup.ts";
import { eventually } from "../../../helpers/eventually.ts";
import { handshake, message } from "../helpers/zmtp-wire.ts";

describe("zmtp internal errors", () => {
  it("internal error - a throw of our own on a peer's message ends that connection as internal-error ZMTP_INTERNAL, event and all", async () => {
    await withCleanup(async (c) => {
      const ends: ConnectionEnd[] = [];
      const stats = new SocketStats();
      const events: SocketEvent[] = [];
      stats.onEvent((e) => events.push(e));
      const host: ConnectionHost<Connection> = {
        type: "pull",
        routingId: Buffer.alloc(0),
        rawSink: null,
        ready: (conn) => {
          stats.connected(conn, "peer");
          return new Pipe(1000, false);
        },
        message: () => {
          throw new TypeError("a bug of ours");
        },
        subscription: () => {},
        canAccept: () => true,
        inputHeld: () => false,
        drained: () => {},
        ended: (conn, end) => {
          ends.push(end);
          stats.ended(conn, end, false, "peer");
        },
      };
      const server = net.createServer((s) => {
        new Connection(netStream(s), host, {
          maxMessageSize: -1,
          handshakeTimeout: 5000,
          heartbeat: { interval: 0, timeout: 0, ttl: 0 },
        }, "tcp://peer");
      });
      c.add({ close: () => server.close() });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const raw = c.add(await RawPeer.connect((server.address() as net.AddressInfo).port));
      await raw.write(Buffer.concat([handshake("PUSH"), message("boom")]));
      await raw.waitClosed("the connection to close after our own exception");
      await eventually(() => ends.length === 1, 2000, "the connection's end");
      assert.equal(ends[0].kind, "internal-error");
      assert.equal(ends[0].code, "ZMTP_INTERNAL");
      assert.match(ends[0].reason, /a bug of ours/);
      assert.deepEqual(events.map((e) => [e.type, "code" in e ? e.code : ""]), [
        ["connect", ""],
        ["internal-error", "ZMTP_INTERNAL"],
        ["disconnect", "ZMTP_INTERNAL"],
      ]);
      const counters = stats.snapshot(0);
      assert.equal(counters.protocolErrors, 0, "not counted as the peer's protocol error");
      assert.equal(counters.handshakeFailures, 0);
    });
  });
});
