// One subscriber holding 100,000 subscriptions through a zmtp `bus`: the bus (its XPUB matching
// in place, its XSUB passing them up) and the publisher behind it deliver exactly the messages
// whose topic starts with one of them, to that subscriber and to another with its own filter.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { parseJsonLines, startCli } from "../helpers/cli.ts";
import { freeEndpoint } from "../helpers/ports.ts";
import { loadEngine } from "../../src/engine/load.ts";
import type { ZSocket } from "../../src/engine/types.ts";
import { sendSignal } from "../bus/send-signal.ts";
import { receiveWithin } from "../engine/zmtp/helpers/bounded.ts";

const engine = await loadEngine("zmtp");
const many = 100_000;

/** Sends `probe` until `to` receives it (subscriptions travel asynchronously through the bus). */
async function probeUntilReceived(pub: ZSocket, to: ZSocket, probe: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    await pub.send([probe, "probe"]);
    try {
      const m = await receiveWithin(to, 100, "a probe");
      if (m[0].toString() === probe) return;
    } catch {
      // not through yet
    }
  }
  throw new Error(`${probe} never came through the bus`);
}

describe("bus with many subscriptions", () => {
  it("bus many subscriptions - zmtp: a subscriber holding 100,000 gets exactly its matches, another its own", {
    timeout: 110_000,
  }, async () => {
    const frontend = await freeEndpoint();
    const backend = await freeEndpoint();
    const bus = startCli([
      "bus",
      "--frontend",
      frontend,
      "--backend",
      backend,
      "--engine",
      "zmtp",
      "--json",
      "--hwm",
      "0",
    ], { timeoutMs: 100_000 });
    const opts = { linger: 0, sendHighWaterMark: 0, receiveHighWaterMark: 0 };
    const pub = engine.socket("pub", opts);
    const big = engine.socket("sub", opts);
    const small = engine.socket("sub", opts);
    let delivered = 0;
    try {
      await bus.waitFor('"type":"start"');
      await pub.connect(frontend);
      for (let i = 0; i < many; i++) big.subscribe(`t.${i}.`);
      big.subscribe("zz.sentinel");
      small.subscribe("other.");
      await big.connect(backend);
      await small.connect(backend);
      // The sentinel was subscribed last, so once it comes through, every other one has.
      await probeUntilReceived(pub, big, "zz.sentinel");
      await probeUntilReceived(pub, small, "other.probe");

      let seed = 3;
      const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
      const wantBig: string[] = [];
      const wantSmall: string[] = [];
      for (let i = 0; i < 3000; i++) {
        const k = rand(many * 2); // half of them beyond what is subscribed
        const topic = [`t.${k}.x`, `t.${k}`, `other.${k}`, `u.${k}.`, `t.${k}.`][rand(5)];
        if (topic.startsWith("t.") && k < many && topic.startsWith(`t.${k}.`)) wantBig.push(topic);
        if (topic.startsWith("other.")) wantSmall.push(topic);
        await pub.send([topic, Buffer.alloc(20, i & 0xff)]);
      }
      await pub.send(["zz.sentinel", "end"]);
      await pub.send(["other.end", "end"]);
      const drain = async (s: ZSocket, endTopic: string) => {
        const got: string[] = [];
        for (let i = 0; i < 10_000; i++) {
          const m = await receiveWithin(s, 10_000, `messages up to ${endTopic}`);
          if (m[0].toString() === endTopic && m[1].toString() === "end") return got;
          if (m[1].toString() !== "probe") got.push(m[0].toString());
        }
        throw new Error("too many messages");
      };
      const gotBig = await drain(big, "zz.sentinel");
      const gotSmall = await drain(small, "other.end");
      assert.ok(
        wantBig.length > 400 && wantSmall.length > 400,
        `both filters are exercised (${wantBig.length}, ${wantSmall.length})`,
      );
      assert.deepEqual(gotBig, wantBig);
      assert.deepEqual(gotSmall, wantSmall);
      delivered = gotBig.length + gotSmall.length;
    } finally {
      for (const s of [pub, big, small]) s.close();
      sendSignal(bus, "SIGTERM");
    }
    const r = await bus.done;
    assert.equal(r.code, 0, r.stderr);
    const sum = parseJsonLines(r.stdout).filter((e) => e.type === "summary").pop()!;
    // The publisher filters too, so the bus forwards the matching messages (and the probes) only.
    const down = (sum.down as { messages: number }).messages;
    assert.ok(down >= delivered + 2 && down < 3000, `${down} forwarded, ${delivered} delivered`);
  });
});
