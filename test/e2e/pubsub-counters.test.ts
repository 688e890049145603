import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseJsonLines, runCli, startCli } from "../helpers/cli.ts";
import { eventually } from "../helpers/eventually.ts";
import { skipNative } from "../helpers/engines.ts";
import { freeEndpoint } from "../helpers/ports.ts";
import type { SocketCounters } from "../../src/engine/types.ts";
import { interrupt, summaryOf } from "./pubsub-helpers.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zmqdiag-counters-"));
const n = (x: number) => x.toLocaleString("en-US");

/** The report's engine line, as it must read for these counters. */
function engineLine(c: SocketCounters): string {
  return `  engine      drops at HWM ${
    c.drops === null ? "not measurable" : n(c.drops)
  }, peers ${c.peers}, connects ${c.connects}, ` +
    `disconnects ${c.disconnects}, handshake failures ${c.handshakeFailures}, protocol errors ${c.protocolErrors}`;
}

describe("pubsub counters", () => {
  it("pubsub counters - a zmtp PUB that overflows at its HWM shows its exact drops and a warning", async () => {
    const ep = await freeEndpoint();
    const sub = startCli(["sub", ep, "--bind", "--engine", "zmtp", "--json"]);
    await sub.waitFor('"type":"start"');
    const report = path.join(tmp, "pub-drops.json");
    // 1500 x 64 KiB (about 100 MB) at a subscriber that reads nothing: more than the socket
    // buffers hold, so the HWM of 1 must drop.
    const pub = startCli([
      "pub",
      ep,
      "--engine",
      "zmtp",
      "--hwm",
      "1",
      "--size",
      "65536",
      "--count",
      "1500",
      "--warmup",
      "3000",
      "--linger",
      "0",
      "--report",
      report,
    ]);
    let r;
    try {
      await pub.waitFor("connected", 10_000, "stderr");
      // The subscription must be on its way before the subscriber stops: a progress event that
      // sees the connection comes a turn of its event loop after the handshake, whose subscription
      // was written in that turn. Progress comes every second, well within the warmup.
      await eventually(
        () => parseJsonLines(sub.stdout()).some((e) => e.type === "progress" && e.link !== "never-connected"),
        10_000,
        () => `the subscriber to see its publisher: ${sub.stdout()}`,
        20,
      );
      process.kill(sub.child.pid!, "SIGSTOP"); // a subscriber that stopped reading; the warmup is still running
      r = await pub.done;
    } finally {
      process.kill(sub.child.pid!, "SIGCONT");
      interrupt(sub.child.pid!);
      await sub.done;
    }
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const s = JSON.parse(fs.readFileSync(report, "utf8")) as {
      sent: number;
      discarded: number;
      counters: SocketCounters;
    };
    const c = s.counters;
    // --linger 0: whatever was not yet written when pub closed is discarded, not sent.
    assert.equal(s.sent + s.discarded, 1500);
    assert.ok(typeof c.drops === "number" && c.drops > 0, JSON.stringify(c));
    const lines = r.stdout.split("\n");
    assert.ok(lines.includes(engineLine(c)), r.stdout);
    assert.equal(c.connections!.length, 1, JSON.stringify(c));
    const x = c.connections![0];
    assert.ok(
      lines.includes(`    conn ${x.id}  ${x.peer} (SUB, open): in 0, out ${n(x.messagesOut)}, drops ${n(x.drops)}`),
      r.stdout,
    );
    assert.equal(x.drops, c.drops);
    // Every message was handed to the connection (written, or the one the HWM of 1 still holds)
    // or dropped; what was not on the wire yet at close is discarded (--linger 0).
    assert.equal(x.messagesOut + c.drops, 1500, JSON.stringify(s));
    assert.equal(c.messagesOut, 1500, JSON.stringify(s));
    assert.ok(s.discarded <= 1500 - c.drops, JSON.stringify(s));
    assert.ok(
      lines.includes(`  ${n(c.drops)} messages dropped at the high-water mark: subscribers were too slow`),
      r.stdout,
    );
  });

  it("pubsub counters - a zmtp sub's report shows its connection", async () => {
    const ep = await freeEndpoint();
    const report = path.join(tmp, "sub-counters.json");
    const sub = startCli([
      "sub",
      ep,
      "--bind",
      "--type",
      "pull",
      "--engine",
      "zmtp",
      "--count",
      "50",
      "--report",
      report,
    ]);
    await sub.waitFor("bound", 10_000, "stderr");
    const pub = await runCli(["pub", ep, "--type", "push", "--engine", "zmtp", "--count", "50"]);
    assert.equal(pub.code, 0, pub.stderr);
    const r = await sub.done;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const c = (JSON.parse(fs.readFileSync(report, "utf8")) as { counters: SocketCounters }).counters;
    assert.deepEqual([c.drops, c.connects, c.messagesIn], [0, 1, 50]);
    const lines = r.stdout.split("\n");
    assert.ok(lines.includes(engineLine(c)), r.stdout);
    const x = c.connections![0];
    assert.match(
      r.stdout,
      new RegExp(`^    conn ${x.id}  \\S+ \\(PUSH, (open|closed)\\): in 50, out 0, drops 0$`, "m"),
    );
    assert.doesNotMatch(r.stdout, /dropped at the high-water mark/);
  });

  it("pubsub counters - a rate-limited zmtp pub -> sub: each end's connection counts exactly what its socket did", async () => {
    const ep = await freeEndpoint();
    const sub = startCli(["sub", ep, "--bind", "--engine", "zmtp", "--expect", "20000", "--json"]);
    await sub.waitFor('"type":"start"');
    const pub = await runCli(["pub", ep, "--engine", "zmtp", "--count", "20000", "--rate", "50000", "--json"]);
    assert.equal(pub.code, 0, pub.stdout + pub.stderr);
    const r = await sub.done;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const totals = (c: SocketCounters) => [c.messagesIn, c.messagesOut, c.bytesIn, c.bytesOut];
    const sums = (c: SocketCounters) =>
      ["messagesIn", "messagesOut", "bytesIn", "bytesOut"].map((k) =>
        c.connections!.reduce((a, x) => a + (x[k as keyof typeof x] as number), 0)
      );
    const ps = summaryOf(pub), ss = summaryOf(r);
    const pc = ps.counters as SocketCounters, sc = ss.counters as SocketCounters;
    assert.deepEqual([ps.sent, ss.received], [20000, 20000]);
    // 100-byte messages (the default --size).
    assert.deepEqual({ pub: totals(pc), sub: totals(sc) }, {
      pub: [0, 20000, 0, 2_000_000],
      sub: [20000, 0, 2_000_000, 0],
    });
    assert.deepEqual(
      { pub: sums(pc), sub: sums(sc) },
      { pub: totals(pc), sub: totals(sc) },
      "each end's connection vs its socket",
    );
  });

  it("pubsub counters - native cannot count drops: the report says not measurable, never 0", async (t) => {
    const skip = skipNative();
    if (skip) return t.skip(skip);
    const ep = await freeEndpoint();
    const report = path.join(tmp, "native-pub.json");
    // A PUB with nobody listening: libzmq drops everything and does not say so.
    const r = await runCli([
      "pub",
      ep,
      "--bind",
      "--engine",
      "native",
      "--count",
      "20",
      "--warmup",
      "0",
      "--report",
      report,
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const c = (JSON.parse(fs.readFileSync(report, "utf8")) as { counters: SocketCounters }).counters;
    assert.equal(c.drops, null);
    assert.match(r.stdout, /^ {2}engine {6}drops at HWM not measurable/m);
    assert.doesNotMatch(r.stdout, /drops at HWM 0|dropped at the high-water mark/);
  });
});
