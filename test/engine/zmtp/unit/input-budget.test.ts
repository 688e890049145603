// The total bound on received bytes across a socket's connections: forty peers each streaming
// a message just under the max message size (4 MiB here, so the bound is 16 MiB) make the
// process hold about the bound, not the sum, while they are half-way and once they are done;
// and when the application receives, every message arrives whole (the bound never deadlocks).
import { describe, it } from "node:test";
import { eventually } from "../../../helpers/eventually.ts";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { loadEngine } from "../../../../src/engine/load.ts";
import { RawPeer } from "../helpers/raw-peer.ts";
import { handshake } from "../helpers/zmtp-wire.ts";
import { portOf } from "../helpers/zmtp-engine.ts";
import { receiveWithin, sleep } from "../helpers/bounded.ts";

const engine = await loadEngine("zmtp");
const MiB = 1024 * 1024;
const peers = 40;
// Without the bound the socket holds all 140 MiB (live, not garbage); with it, about 16 MiB plus a
// message and a read chunk per connection. The margin is for garbage the runtime has not collected
// yet (Bun's RSS runs some 35 MiB above Node's here).
const bound = 80 * MiB;
const size = 3.5 * MiB;

describe("zmtp input budget", () => {
  it(
    "input budget - 40 peers each sending 3.5 MiB (140 MiB in all): memory stays near the 16 MiB bound; all arrive once received",
    { timeout: 90_000 },
    async () => {
      const sub = engine.socket("sub", { maxMessageSize: 4 * MiB, linger: 0 });
      sub.subscribe("");
      const raw: RawPeer[] = [];
      try {
        const port = portOf(await sub.bind("tcp://127.0.0.1:0"));
        for (let i = 0; i < peers; i++) {
          const p = await RawPeer.connect(port);
          raw.push(p);
          await p.write(handshake("PUB"));
        }
        await eventually(() => sub.counters().peers === peers, 10_000, "every handshake");
        const header = Buffer.alloc(9);
        header[0] = 0x02;
        header.writeBigUInt64BE(BigInt(size), 1);
        // One body for every peer, so that the test's own memory does not grow with the peers.
        const body = Buffer.alloc(size);
        for (let i = 0; i < size; i += 4096) body[i] = i & 0xff;
        const before = process.memoryUsage().rss;
        let peak = before;
        const sample = async (ms: number) => {
          for (const end = Date.now() + ms; Date.now() < end;) {
            peak = Math.max(peak, process.memoryUsage().rss);
            await sleep(20);
          }
        };
        // Half-way: every peer sends all but the last 0.5 MiB of its frame.
        for (const p of raw) {
          p.socket.write(header);
          p.socket.write(body.subarray(0, size - MiB / 2));
        }
        await sample(1500);
        const halfWay = peak - before;
        // Done: the rest, with the application still not receiving.
        for (const p of raw) p.socket.write(body.subarray(size - MiB / 2));
        await sample(1500);
        assert.ok(halfWay < bound, `half-way, RSS grew by ${(halfWay / MiB).toFixed(0)} MiB`);
        assert.ok(peak - before < bound, `RSS grew by ${((peak - before) / MiB).toFixed(0)} MiB`);
        for (let i = 0; i < peers; i++) {
          const m = await receiveWithin(sub, 10_000, `message ${i + 1} of ${peers}`);
          assert.equal(m.length, 1);
          assert.equal(m[0].length, size);
          assert.ok(m[0].equals(body), `message ${i + 1} arrived whole`);
        }
      } finally {
        sub.close();
        for (const p of raw) p.destroy();
      }
    },
  );
});
