/**
 * `sub` says why each message was lost, from real processes: a subscriber that joins a running
 * stream, a publisher that unbinds for a second, a publisher far faster than the subscriber, a
 * restarted publisher, and numbers the publisher skipped on purpose.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseJsonLines, runCli, startCli } from "../helpers/cli.ts";
import { freeEndpoint } from "../helpers/ports.ts";
import { pythonInfo } from "../helpers/python.ts";
import { pyzmqPub } from "../helpers/pyzmq-pub.ts";
import { assertEngineCarries, summaryOf } from "./pubsub-helpers.ts";

const noCause = {
  "late-join": 0,
  reconnect: 0,
  "publisher-restart": 0,
  "dropped-here": 0,
  "slow-subscriber": 0,
  upstream: 0,
};
type Gap = { from: number; to: number; cause: string; evidence: string };

describe("sub causes", () => {
  before(() => assertEngineCarries("zmtp"));

  it("sub causes - numbers the publisher skipped while connected: upstream", async () => {
    const ep = await freeEndpoint();
    const sub = startCli(["sub", ep, "--bind", "--expect", "2000", "--idle-timeout", "1500", "--json"], {
      timeoutMs: 20_000,
    });
    await sub.waitFor('"type":"start"');
    const pub = await runCli(["pub", ep, "--count", "2000", "--rate", "4000", "--skip", "500-509,1500"]);
    assert.equal(pub.code, 0, pub.stderr);
    const r = await sub.done;
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const s = summaryOf(r);
    assert.deepEqual([s.engine, s.gaps, s.lost, s.lostByCause], ["zmtp", [[500, 509], [1500, 1500]], 11, {
      ...noCause,
      upstream: 11,
    }]);
    const gaps = parseJsonLines(r.stdout).filter((e) => e.type === "gap") as unknown as Gap[];
    assert.deepEqual(gaps.map((g) => [g.from, g.to, g.cause]), [[500, 509, "upstream"], [1500, 1500, "upstream"]]);
    assert.equal(
      gaps[0].evidence,
      "the connection stayed up and reads kept up: the numbers never reached this subscriber",
    );
  });

  it("sub causes - a subscriber started after the publisher: late-join", async () => {
    const ep = await freeEndpoint();
    const pub = startCli(["pub", ep, "--bind", "--count", "12000", "--rate", "4000", "--json"], { timeoutMs: 20_000 });
    await pub.waitFor('"type":"progress"', 10_000); // a second into the stream
    const sub = await runCli(["sub", ep, "--expect", "12000", "--idle-timeout", "1500", "--json"], {
      timeoutMs: 20_000,
    });
    assert.equal(sub.code, 1, sub.stdout + sub.stderr);
    const s = summaryOf(sub);
    const gaps = s.gaps as Array<[number, number]>;
    assert.equal(gaps.length, 1, JSON.stringify(s.gapDetails));
    assert.equal(gaps[0][0], 0);
    assert.ok(gaps[0][1] >= 1000, `joined at ${gaps[0][1] + 1}`);
    assert.deepEqual([s.lost, s.lostByCause], [gaps[0][1] + 1, { ...noCause, "late-join": gaps[0][1] + 1 }]);
    assert.match(
      (s.gapDetails as Gap[])[0].evidence,
      /^the first message \(\d+\) arrived \d+ ms after the connection to tcp:\/\/127\.0\.0\.1:\d+ came up/,
    );
    await pub.done;
  });

  it(
    "sub causes - a publisher that unbinds for a second and binds again: reconnect",
    { skip: pythonInfo().skipPyzmq },
    async () => {
      const ep = await freeEndpoint();
      // --idle-timeout longer than the time without messages (unbound 1.2 s, then the reconnect).
      const sub = startCli(["sub", ep, "--expect", "2000", "--idle-timeout", "5000", "--json"], { timeoutMs: 25_000 });
      await sub.waitFor('"type":"start"');
      const pub = pyzmqPub(
        ep,
        // The sleeps are the timeline (the first 500 drain before the unbind; the subscriber sees it
        // go before the next 1000), not waits for a subscriber: `subscribed` waits for that.
        "subscribed,send:0-499,sleep:0.2,unbind,sleep:0.2,send:500-1499@1000,bind,subscribed,send:1500-1999",
      );
      await pub.bound;
      const r = await sub.done;
      assert.equal(await pub.exited, 0, pub.output());
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const s = summaryOf(r);
      assert.deepEqual([s.gaps, s.lost, s.lostByCause], [[[500, 1499]], 1000, { ...noCause, reconnect: 1000 }]);
      assert.match(
        (s.gapDetails as Gap[])[0].evidence,
        /^the connection to tcp:\/\/127\.0\.0\.1:\d+ went down at \+\d+\.\d\d s.*, up again at \+\d+\.\d\d s \(\d+(\.\d\d s| ms) down\)$/,
      );
      const events = parseJsonLines(r.stdout).map((e) => e.type).filter((t) => t === "connect" || t === "disconnect");
      assert.deepEqual(events, ["connect", "disconnect", "connect", "disconnect"]);
    },
  );

  it("sub causes - a publisher far faster than the subscriber, default high-water marks: slow-subscriber", async () => {
    const ep = await freeEndpoint();
    const sub = startCli([
      "sub",
      ep,
      "--bind",
      "--rate",
      "20000",
      "--expect",
      "100000",
      "--idle-timeout",
      "1500",
      "--json",
    ], { timeoutMs: 40_000 });
    await sub.waitFor('"type":"start"');
    const pub = await runCli(["pub", ep, "--count", "100000", "--json"], { timeoutMs: 20_000 });
    assert.equal(pub.code, 0, pub.stderr);
    const r = await sub.done;
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const s = summaryOf(r);
    const lost = s.lost as number;
    assert.ok(lost > 0, "the publisher dropped nothing: the subscriber was not slower");
    assert.equal((s.received as number) + lost, 100_000);
    assert.deepEqual(
      s.lostByCause,
      { ...noCause, "slow-subscriber": lost },
      JSON.stringify((s.gapDetails as Gap[]).filter((g) => g.cause !== "slow-subscriber").slice(0, 3)),
    );
  });

  it("sub causes - a publisher killed and started again with the same stream: publisher-restart, no duplicates", async () => {
    const ep = await freeEndpoint();
    const sub = startCli(["sub", ep, "--bind", "--expect", "20000", "--idle-timeout", "2000", "--json"], {
      timeoutMs: 30_000,
    });
    await sub.waitFor('"type":"start"');
    const first = startCli(["pub", ep, "--count", "20000", "--rate", "5000", "--stream", "7", "--json"], {
      timeoutMs: 20_000,
    });
    await first.waitFor('"type":"progress"', 10_000);
    first.child.kill("SIGKILL");
    await first.done;
    const second = await runCli(["pub", ep, "--count", "20000", "--rate", "20000", "--stream", "7"], {
      timeoutMs: 20_000,
    });
    assert.equal(second.code, 0, second.stderr);
    const r = await sub.done;
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const s = summaryOf(r);
    const streams = s.streams as Array<{ stream: number; epoch: number; received: number }>;
    assert.deepEqual(streams.map((x) => [x.stream, x.epoch]), [[7, 0], [7, 1]]);
    assert.equal(streams[1].received, 20_000);
    const lost = 20_000 - streams[0].received;
    assert.deepEqual([s.duplicates, s.lost, s.lostByCause, s.stopReason], [0, lost, {
      ...noCause,
      "publisher-restart": lost,
    }, "expect"]);
  });
});
