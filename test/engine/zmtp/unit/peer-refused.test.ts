// Peers that refuse us in the greeting, as libzmq does with a CURVE or PLAIN socket: the
// socket says what it most likely is (peer-refused), at the 1st, 2nd, 4th... time, and backs
// off its reconnects instead of dialling ~7 times a second. Raw TCP servers play the peer.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createZmtpEngine } from "../../../../src/engine/zmtp/index.ts";
import { PeerRefusals } from "../../../../src/engine/zmtp/peer-refusals.ts";
import { fault } from "../../../../src/engine/zmtp/faults.ts";
import type { SocketEvent } from "../../../../src/engine/types.ts";
import { RawServer } from "../helpers/raw-peer.ts";
import { sleep } from "../helpers/bounded.ts";
import { withCleanup } from "../../../helpers/cleanup.ts";
import { eventually } from "../../../helpers/eventually.ts";
import { greeting } from "../helpers/zmtp-wire.ts";

const engine = createZmtpEngine();
type Refused = Extract<SocketEvent, { type: "peer-refused" }>;
const refusedEvents = (events: SocketEvent[]) => events.filter((e): e is Refused => e.type === "peer-refused");

describe("zmtp peer refused", () => {
  it("peer refused - told at the 1st, 2nd, 4th, 8th refusal in a row; a completed handshake starts over", () => {
    const r = new PeerRefusals();
    const end = { ...fault("ZMTP_CLOSED_IN_GREETING", "x"), wasReady: false };
    const told = [];
    for (let i = 1; i <= 9; i++) if (r.ended("tcp://h:1", end)) told.push(i);
    assert.deepEqual(told, [1, 2, 4, 8]);
    assert.equal(
      r.ended("tcp://h:1", { ...fault("ZMTP_PEER_CLOSED", "x"), wasReady: true }),
      null,
      "other ends are not refusals",
    );
    r.succeeded("tcp://h:1");
    assert.equal(r.ended("tcp://h:1", end)?.count, 1);
  });

  it("peer refused - a peer that closes at once: ZMTP_CLOSED_IN_GREETING, the likely cause named once per doubling, dials backed off", async () => {
    await withCleanup(async (c) => {
      const server = c.add(await RawServer.start());
      let accepted = 0;
      const closer = (async () => {
        for (let i = 0; i < 100; i++) {
          const p = await server.accept(4000).catch(() => null);
          if (!p) return;
          accepted++;
          p.destroy();
        }
      })();
      const sub = c.add(engine.socket("sub", { linger: 0 }));
      const events: SocketEvent[] = [];
      c.add({ close: sub.onEvent((e) => events.push(e)) });
      const started = Date.now();
      await sub.connect(server.endpoint);
      await eventually(() => refusedEvents(events).length >= 2, 3000, "two peer-refused events");
      await sleep(Math.max(0, 3000 - (Date.now() - started)));
      const refused = refusedEvents(events);
      assert.deepEqual(refused.map((e) => [e.code, e.count, e.peer]).slice(0, 2), [[
        "ZMTP_CLOSED_IN_GREETING",
        1,
        server.endpoint,
      ], ["ZMTP_CLOSED_IN_GREETING", 2, server.endpoint]]);
      assert.equal(
        refused[1].reason,
        "the peer closed during the greeting, 2 times: most likely a security mechanism other than NULL (CURVE/PLAIN), which zmtp does not support",
      );
      // Without back-off: a dial every 100-200 ms, 15 or more in 3 s. Doubling: at most 6.
      assert.ok(accepted >= 3 && accepted <= 7, `${accepted} dials in 3 s`);
      sub.close();
      await closer;
    });
  });

  it("peer refused - a peer whose greeting names CURVE: ZMTP_MECHANISM_MISMATCH, and the event names it", async () => {
    await withCleanup(async (c) => {
      const server = c.add(await RawServer.start());
      const sub = c.add(engine.socket("sub", { linger: 0 }));
      const events: SocketEvent[] = [];
      c.add({ close: sub.onEvent((e) => events.push(e)) });
      await sub.connect(server.endpoint);
      const peer = await server.accept();
      await peer.write(greeting({ mechanism: "CURVE" }));
      await peer.waitClosed("zmtp to close the CURVE peer");
      await eventually(() => refusedEvents(events).length === 1, 2000, "a peer-refused event");
      const [e] = refusedEvents(events);
      assert.equal(e.code, "ZMTP_MECHANISM_MISMATCH");
      assert.equal(e.count, 1);
      assert.equal(
        e.reason,
        `the peer's greeting names the security mechanism "CURVE"; zmtp speaks only NULL (no CURVE or PLAIN) (1 time in a row)`,
      );
      assert.deepEqual(events.filter((x) => x.type === "handshake-failure").map((x) => "code" in x && x.code), [
        "ZMTP_MECHANISM_MISMATCH",
      ]);
    });
  });
});
