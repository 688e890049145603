// ZMTP 3.1 heartbeats against a raw peer: PING sent at the interval (not to 3.0 peers), PONG
// echoing the context, and a silent peer closed after the heartbeat timeout.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createZmtpEngine } from "../../../../src/engine/zmtp/index.ts";
import { RawPeer } from "../helpers/raw-peer.ts";
import { portOf } from "../helpers/zmtp-engine.ts";
import { handshake, ping } from "../helpers/zmtp-wire.ts";
import { FakeTimers } from "../helpers/fake-timers.ts";
import { Cleanup } from "../../../helpers/cleanup.ts";
import { eventually } from "../../../helpers/eventually.ts";
import { Heartbeat } from "../../../../src/engine/zmtp/heartbeat.ts";
import type { Fault } from "../../../../src/engine/zmtp/faults.ts";
import type { SocketEvent } from "../../../../src/engine/types.ts";

const engine = createZmtpEngine();

async function handshaken(c: Cleanup, opts: object, minor = 1) {
  const pull = c.add(engine.socket("pull", { linger: 0, ...opts }));
  const raw = c.add(await RawPeer.connect(portOf(await pull.bind("tcp://127.0.0.1:0"))));
  await raw.write(handshake("PUSH", { minor }));
  await raw.read(64, "greeting");
  await raw.readFrame("READY");
  return { pull, raw };
}

describe("zmtp heartbeats", () => {
  it("heartbeat - PING with the TTL in tenths of a second goes out at the interval", async () => {
    const c = new Cleanup();
    try {
      const { raw } = await handshaken(c, { heartbeatInterval: 50, heartbeatTimeout: 5000, heartbeatTimeToLive: 3000 });
      const f = await raw.readFrame("a PING", 2000);
      assert.equal(f.flags, 0x04);
      assert.equal(f.body.toString("hex"), "0450494e47" + "001e");
    } finally {
      await c.run();
    }
  });

  it("heartbeat - a PING gets a PONG with the same context", async () => {
    const c = new Cleanup();
    try {
      const { raw } = await handshaken(c, {});
      await raw.write(ping(0, "ctx-1"));
      const f = await raw.readFrame("the PONG");
      assert.equal(f.body.toString("latin1"), "\x04PONGctx-1");
    } finally {
      await c.run();
    }
  });

  it("heartbeat - no PING to a ZMTP 3.0 peer", async () => {
    const c = new Cleanup();
    try {
      const { raw } = await handshaken(c, { heartbeatInterval: 20 }, 0);
      const extra = await raw.collectFor(150);
      assert.equal(extra.length, 0, `nothing is sent to a 3.0 peer, got ${extra.toString("hex")}`);
    } finally {
      await c.run();
    }
  });

  it("heartbeat - a peer that never answers is disconnected after the timeout", async () => {
    const c = new Cleanup();
    try {
      const { pull, raw } = await handshaken(c, { heartbeatInterval: 30, heartbeatTimeout: 60 });
      const events: SocketEvent[] = [];
      c.add({ close: pull.onEvent((e) => events.push(e)) });
      await raw.waitClosed("the engine to drop the silent peer", 3000);
      await eventually(() => pull.counters().disconnects === 1, 2000, "the disconnect to be counted");
      await eventually(() => events.length > 0, 2000, "the disconnect event");
      assert.deepEqual(events.map((e) => [e.type, "code" in e ? e.code : ""]), [[
        "disconnect",
        "ZMTP_HEARTBEAT_TIMEOUT",
      ]]);
      assert.match((events[0] as { reason: string }).reason, /heartbeat timeout: nothing from the peer within 60 ms/);
    } finally {
      await c.run();
    }
  });

  it("heartbeat - a peer's PING TTL closes the connection when nothing follows", async () => {
    const c = new Cleanup();
    try {
      const { pull, raw } = await handshaken(c, {});
      const events: SocketEvent[] = [];
      c.add({ close: pull.onEvent((e) => events.push(e)) });
      await raw.write(ping(1));
      await raw.readFrame("the PONG");
      await raw.waitClosed("the TTL of 100 ms to expire", 3000);
      await eventually(() => events.length > 0, 2000, "the disconnect event");
      assert.deepEqual(events.map((e) => [e.type, "code" in e ? e.code : ""]), [["disconnect", "ZMTP_HEARTBEAT_TTL"]]);
    } finally {
      await c.run();
    }
  });

  it("heartbeat - lastPongAt is null until the peer heartbeats, then the time of its last sign of life", async () => {
    const c = new Cleanup();
    try {
      const { pull, raw } = await handshaken(c, {});
      const last = () => pull.counters().connections?.[0]?.lastPongAt;
      await eventually(() => pull.counters().connections?.length === 1, 2000, "the connection record");
      assert.equal(last(), null, "no heartbeats on either side yet");
      const before = Date.now();
      await raw.write(ping(0));
      await raw.readFrame("the PONG");
      const at = last();
      assert.ok(typeof at === "number" && at >= before - 5 && at <= Date.now() + 5, `lastPongAt ${at}`);
    } finally {
      await c.run();
    }
  });

  it("heartbeat - while reading is held the deadlines wait (a PONG may sit unread); once released, a silent peer expires", () => {
    let held = true;
    const expired: Fault[] = [];
    const clock = new FakeTimers();
    const hb = new Heartbeat({ interval: 20, timeout: 40, ttl: 0 }, {
      sendPing: () => {},
      expire: (f) => expired.push(f),
      readingHeld: () => held,
    }, clock);
    try {
      hb.start();
      hb.peerTtl(1);
      clock.advance(400);
      assert.equal(expired.length, 0, "ten timeouts passed while held: nothing expired");
      held = false;
      // Held, the PONG deadline came back every 40 ms (next at 420), the TTL one every 100 ms (next at 500).
      clock.advance(40);
      assert.deepEqual(expired.map((f) => [f.code, f.kind]), [["ZMTP_HEARTBEAT_TIMEOUT", "disconnect"]]);
    } finally {
      hb.stop();
    }
  });
});
