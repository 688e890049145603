import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { runCli, startCli } from "../helpers/cli.ts";
import { skipNative } from "../helpers/engines.ts";
import { freeEndpoint } from "../helpers/ports.ts";
import { pythonInfo } from "../helpers/python.ts";
import { interrupt, summaryOf } from "../e2e/pubsub-helpers.ts";
import { discardedMessages } from "../../src/pub/discarded.ts";
import { runtimeName } from "../../src/runtime/runtime-name.ts";

const py = pythonInfo();
const slowSub = path.join("test", "pub", "fixtures", "slow-sub.py");
/** Most 100-byte messages one write chunk (64 KiB) holds: the slack where a runtime counts the chunk in progress whole. */
const oneChunk = Math.ceil((64 * 1024) / 104);

/** Starts the slow subscriber; resolves once it is connected, with the promise of what it received. */
function startSlowSub(endpoint: string, quietS: number): Promise<{ received: Promise<number> }> {
  const child = spawn(py.pyzmq!, [slowSub, endpoint, "10", String(quietS)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  const received = new Promise<number>((resolve, reject) =>
    child.on(
      "close",
      (code) => (code === 0
        ? resolve(Number(out.trim().split("\n").at(-1)))
        : reject(new Error(`slow-sub exit ${code}: ${out}`))),
    )
  );
  return new Promise((resolve) =>
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      if (out.startsWith("ready")) resolve({ received });
    })
  );
}

describe("pub discarded", () => {
  it("pub discarded - zmtp: what --linger could not deliver is discarded, not sent; the peer gets exactly the rest", {
    skip: py.skipPyzmq,
  }, async () => {
    const endpoint = await freeEndpoint();
    // The subscriber dials until pub is up (its warmup lets it join), and reads nothing until pub is gone.
    const { received } = await startSlowSub(endpoint, 8);
    const r = await runCli([
      "pub",
      endpoint,
      "--bind",
      "--engine",
      "zmtp",
      "--count",
      "100000",
      "--linger",
      "300",
      "--warmup",
      "1000",
      "--json",
    ], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    const s = summaryOf(r) as {
      sent: number;
      discarded: number;
      nextSeq: number;
      skipped: number;
      lingerMs: number;
      counters: { drops: number };
    };
    assert.equal(s.lingerMs, 300);
    assert.ok(s.discarded > 0, `nothing was discarded: ${JSON.stringify(s)}`);
    assert.equal(s.sent + s.discarded, s.nextSeq - s.skipped);
    const left = s.sent - s.counters.drops; // the rest was dropped at the high-water mark, also counted
    const got = await received;
    if (runtimeName() === "node") assert.equal(got, left);
    else assert.ok(got >= left && got <= left + oneChunk, `received ${got}, sent less drops ${left}`);
  });

  it("pub discarded - zmtp: a PUSH whose peer never comes discards exactly what it queued when --linger ends", async () => {
    const pub = startCli([
      "pub",
      await freeEndpoint(),
      "--type",
      "push",
      "--engine",
      "zmtp",
      "--hwm",
      "100",
      "--linger",
      "500",
      "--json",
    ], { timeoutMs: 20_000 });
    // 100 messages fill the queue for the absent peer; the 101st send waits until the signal.
    await pub.waitFor('"type":"start"');
    await pub.waitFor(/"sent":100,/, 10_000);
    interrupt(pub.child.pid!);
    const r = await pub.done;
    assert.equal(r.code, 0, r.stderr);
    const s = summaryOf(r);
    assert.deepEqual([s.sent, s.discarded, s.nextSeq, s.stopReason], [0, 100, 100, "signal"]);
  });

  it("pub discarded - the first Ctrl-C of a long linger says so; the second ends it at once, discarded then unknown", async () => {
    const pub = startCli([
      "pub",
      await freeEndpoint(),
      "--type",
      "push",
      "--engine",
      "zmtp",
      "--hwm",
      "100",
      "--linger",
      "60000",
      "--json",
    ], { timeoutMs: 30_000 });
    await pub.waitFor(/"sent":100,/, 10_000);
    interrupt(pub.child.pid!);
    await pub.waitFor(
      "zmqdiag: stopping (SIGINT): waiting up to 60000 ms (--linger) for queued messages to go out; Ctrl-C again to force\n",
      10_000,
      "stderr",
    );
    const t0 = Date.now();
    interrupt(pub.child.pid!);
    const r = await pub.done;
    assert.ok(Date.now() - t0 < 5000, `exit took ${Date.now() - t0} ms after the second Ctrl-C`);
    assert.equal(r.code, 1, r.stderr);
    const s = summaryOf(r);
    assert.deepEqual([s.sent, s.discarded], [100, null]);
  });

  it(
    "pub discarded - native: not measurable, said as such (null, never a false 0)",
    { skip: skipNative() },
    async () => {
      const endpoint = await freeEndpoint();
      const r = await runCli([
        "pub",
        endpoint,
        "--bind",
        "--engine",
        "native",
        "--count",
        "10",
        "--warmup",
        "0",
        "--json",
      ], { timeoutMs: 20_000 });
      assert.equal(r.code, 0, r.stderr);
      const s = summaryOf(r);
      assert.equal(s.discarded, null);
      assert.equal(s.sent, 10);
      const text = await runCli([
        "pub",
        await freeEndpoint(),
        "--bind",
        "--engine",
        "native",
        "--count",
        "10",
        "--warmup",
        "0",
      ], { timeoutMs: 20_000 });
      assert.match(
        text.stdout,
        /^ {2}discarded {3}not measurable \(native engine\): messages still queued when --linger 1000 ms ran out are counted as sent$/m,
      );
    },
  );

  it("pub discarded - fan-out loses a message only when every peer lacks it; push loses what each peer lacks", () => {
    assert.equal(discardedMessages("pub", { discarded: 30, perPeer: [20, 10] }), 10);
    assert.equal(discardedMessages("xpub", { discarded: 0, perPeer: [] }), 0);
    assert.equal(discardedMessages("push", { discarded: 30, perPeer: [20, 10] }), 30);
    assert.equal(discardedMessages("pub", null), null);
  });
});
