// 400,000 topics subscribed and unsubscribed through a zmtp `bus`: its memory stays flat (the
// bus keeps counts for the busiest topics only) and its stats and summary lines stay small,
// with exact totals.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { Buffer } from "node:buffer";
import { parseJsonLines, startCli } from "../helpers/cli.ts";
import { freeEndpoint } from "../helpers/ports.ts";
import { eventually } from "../helpers/eventually.ts";
import { sendSignal } from "../bus/send-signal.ts";
import { RawPeer } from "../engine/zmtp/helpers/raw-peer.ts";
import { handshake, subscribeCommand } from "../engine/zmtp/helpers/zmtp-wire.ts";
import { portOf } from "../engine/zmtp/helpers/zmtp-engine.ts";
import type { Json } from "../helpers/json.ts";

const topics = 400_000;

/** Resident memory of a process in bytes (Linux /proc), or undefined where it cannot be read. */
function rssOf(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

describe("bus topic churn", () => {
  it("bus topic churn - zmtp: 400,000 topics churned: memory flat, stats and summary small, totals exact", {
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
      "--stats-interval",
      "250",
    ], { timeoutMs: 100_000 });
    await bus.waitFor('"type":"start"');
    const pid = bus.child.pid!;
    const peer = await RawPeer.connect(portOf(backend));
    const rss: number[] = [];
    try {
      await peer.write(handshake("SUB"));
      // A first round to warm the bus up, then the rest, measuring its memory as it goes.
      const round = 20_000;
      let baseline: number | undefined;
      for (let at = 0; at < topics; at += round) {
        const cmds: Buffer[] = [];
        for (let i = at; i < at + round; i++) {
          cmds.push(subscribeCommand(`churn.${i}`), subscribeCommand(`churn.${i}`, true));
        }
        await peer.write(Buffer.concat(cmds));
        if (at === round) {
          await bus.waitFor(`"unsubscribe":${2 * round}}`, 30_000);
          baseline = rssOf(pid);
        }
        const r = rssOf(pid);
        if (r !== undefined) rss.push(r);
      }
      const counted = `"topicTotals":{"subscribe":${topics},"unsubscribe":${topics}}`;
      await eventually(
        () => bus.stdout().includes(counted),
        60_000,
        () => `the bus to count every topic: ${bus.stdout().slice(-600)}`,
        50,
      );
      const end = rssOf(pid);
      if (baseline !== undefined && end !== undefined) {
        const grew = Math.max(end, ...rss) - baseline;
        assert.ok(grew < 100 * 1024 * 1024, `bus RSS grew by ${(grew / 1048576).toFixed(0)} MiB over 380,000 topics`);
      } else {
        process.stderr.write("bus topic churn: RSS not measured (no /proc here)\n");
      }
    } finally {
      peer.destroy();
      sendSignal(bus, "SIGTERM");
    }
    const r = await bus.done;
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split("\n").filter((l) => l.includes('"type":"stats"') || l.includes('"type":"summary"'));
    assert.ok(lines.length >= 2);
    for (const l of lines) assert.ok(l.length < 20_000, `a line of ${l.length} characters`);
    const sum = parseJsonLines(r.stdout).filter((e) => e.type === "summary").pop() as Json;
    assert.deepEqual(sum.topicTotals, { subscribe: topics, unsubscribe: topics });
    assert.equal(sum.topics.length, 100);
    assert.equal(sum.topicLimit, 100);
    const shown = sum.topics.reduce((a: number, t: Json) => a + t.subscribe, 0);
    assert.equal(shown + sum.otherTopics.subscribe, topics);
  });
});
