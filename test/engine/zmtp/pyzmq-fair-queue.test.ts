// Fair-queueing: a zmtp PULL, SUB, XSUB, DEALER or ROUTER with three libzmq (pyzmq) peers that
// have each sent a burst serves the peers in turn (0, 1, 2, 0, 1, 2 ...), as libzmq's fq_t does,
// not one peer's whole burst first; each peer's own messages stay in order.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadEngine } from "../../../src/engine/load.ts";
import type { SocketType, ZSocket } from "../../../src/engine/types.ts";
import { PyzmqPeer, skipPyzmq } from "../../helpers/pyzmq-peer.ts";
import { receiveWithin, texts } from "./helpers/bounded.ts";
import { eventually } from "../../helpers/eventually.ts";

const skip = skipPyzmq();
const engine = await loadEngine("zmtp");
const burst = 30;

/** The pyzmq peer type for each zmtp type under test. */
const cases: Array<[SocketType, string]> = [["pull", "push"], ["sub", "pub"], ["xsub", "pub"], ["dealer", "dealer"], [
  "router",
  "dealer",
]];

/** Frames received from the peers: the payload frame (after a ROUTER's id). */
const payload = (type: SocketType, m: string[]) => (type === "router" ? m[1] : m[0]);

/** Messages the connections have taken in so far (before any filtering or queueing). */
function taken(s: ZSocket): number {
  return (s.counters().connections ?? []).reduce((n, c) => n + c.messagesIn, 0);
}

describe("zmtp against pyzmq: fair-queueing over peers", { skip }, () => {
  for (const [type, peerType] of cases) {
    it(`pyzmq fair queue - zmtp ${type}: three ${peerType} peers' bursts are served in turn`, async () => {
      const s = engine.socket(type, { linger: 0 });
      const peers: PyzmqPeer[] = [];
      try {
        if (type === "sub") s.subscribe("");
        const at = await s.bind("tcp://127.0.0.1:0");
        if (type === "xsub") await s.send("\x01");
        for (let i = 0; i < 3; i++) {
          const p = await PyzmqPeer.open(peerType);
          peers.push(p);
          await p.connect(at);
        }
        // Each peer is heard from once (a publisher only once it has the subscription), then all is quiet.
        const heard = new Set<string>();
        for (let round = 0; round < 100 && heard.size < 3; round++) {
          for (let i = 0; i < 3; i++) if (!heard.has(`probe-${i}`)) await peers[i].send([`probe-${i}`]);
          for (
            let m = await receiveWithin(s, 200).catch(() => null);
            m !== null;
            m = await receiveWithin(s, 100).catch(() => null)
          ) heard.add(payload(type, texts(m)));
        }
        assert.equal(heard.size, 3, `every peer was heard: ${[...heard].join(", ")}`);
        const before = taken(s);
        // Peer 0's whole burst, then peer 1's, then peer 2's.
        for (let i = 0; i < 3; i++) for (let k = 0; k < burst; k++) await peers[i].send([`p${i}-${k}`]);
        await eventually(() => taken(s) >= before + 3 * burst, 10_000, "every burst to arrive");
        const order: string[] = [];
        for (let n = 0; n < 3 * burst; n++) {
          const t = payload(type, texts(await receiveWithin(s, 2000, `message ${n}`)));
          if (!t.startsWith("probe")) order.push(t);
        }
        const peerOf = order.map((t) => Number(t[1]));
        for (let n = 0; n + 3 <= order.length; n += 3) {
          assert.equal(
            new Set(peerOf.slice(n, n + 3)).size,
            3,
            `turns ${n}-${n + 2} go to each peer once: ${order.slice(0, 12).join(" ")} ...`,
          );
        }
        for (let i = 0; i < 3; i++) {
          assert.deepEqual(
            order.filter((t) => t.startsWith(`p${i}-`)),
            Array.from({ length: burst }, (_, k) => `p${i}-${k}`),
          );
        }
      } finally {
        s.close();
        for (const p of peers) await p.close();
      }
    });
  }
});
