import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseJsonLines, runCli, startCli } from "../helpers/cli.ts";
import { testableEngines } from "../helpers/engines.ts";
import { freeEndpoint } from "../helpers/ports.ts";
import { runtimeName } from "../../src/runtime/runtime-name.ts";
import { assertEngineCarries, interrupt, summaryOf } from "./pubsub-helpers.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zmqdiag-pubsub-"));

for (const engine of testableEngines()) {
  describe(`pubsub e2e (${engine})`, () => {
    before(() => assertEngineCarries(engine));

    it(`pubsub e2e (${engine}) - a clean run exits 0 and reports everything received`, async () => {
      const ep = await freeEndpoint();
      const report = path.join(tmp, `clean-${engine}.json`);
      const sub = startCli([
        "sub",
        ep,
        "--bind",
        "--engine",
        engine,
        "--expect",
        "2000",
        "--hwm",
        "10000",
        "--json",
        "--report",
        report,
      ]);
      await sub.waitFor('"type":"start"');
      const pub = await runCli([
        "pub",
        ep,
        "--engine",
        engine,
        "--count",
        "2000",
        "--rate",
        "20000",
        "--warmup",
        "200",
        "--hwm",
        "10000",
        "--stream",
        "77",
        "--json",
      ]);
      assert.equal(pub.code, 0, pub.stderr);
      const ps = summaryOf(pub);
      assert.deepEqual([ps.sent, ps.skipped, ps.stream, ps.engine], [2000, 0, 77, engine]);
      const r = await sub.done;
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const s = summaryOf(r);
      assert.deepEqual([s.received, s.lost, s.duplicates, s.reordered, s.missing, s.unparsed], [2000, 0, 0, 0, 0, 0]);
      assert.deepEqual(s.gaps, []);
      assert.equal(s.clean, true);
      assert.equal(s.engine, engine);
      assert.equal(s.stopReason, "expect");
      // Stopped while receiving: it says until when (and the close, when the publisher left with its last messages).
      assert.equal(s.link, "receiving");
      assert.match(
        s.linkText as string,
        /^receiving until the end \(last message at \+\d+\.\d s\)(; connection closed at \+\d+\.\d s( \(.+\))?)?$/,
      );
      const streams = s.streams as Array<Record<string, unknown>>;
      assert.deepEqual(streams.map((x) => [x.stream, x.first, x.highest, x.received]), [[77, 0, 1999, 2000]]);
      const lat = s.latencyUs as Record<string, number>;
      assert.equal(lat.count, 2000);
      assert.ok(lat.p50 <= lat.p90 && lat.p90 <= lat.p99 && lat.p99 <= lat.max, JSON.stringify(lat));
      assert.ok((s.msgsPerSec as number) > 0);
      assert.deepEqual(JSON.parse(fs.readFileSync(report, "utf8")), s);
    });

    it(`pubsub e2e (${engine}) - --skip ranges are reported exactly as gaps, exit 1`, async () => {
      const ep = await freeEndpoint();
      const sub = startCli([
        "sub",
        ep,
        "--bind",
        "--type",
        "pull",
        "--engine",
        engine,
        "--expect",
        "1000",
        "--idle-timeout",
        "400",
        "--json",
      ]);
      await sub.waitFor('"type":"start"');
      const pub = await runCli([
        "pub",
        ep,
        "--type",
        "push",
        "--engine",
        engine,
        "--count",
        "1000",
        "--skip",
        "10,20-25,999",
      ]);
      assert.equal(pub.code, 0, pub.stderr);
      const r = await sub.done;
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const events = parseJsonLines(r.stdout);
      // 999, the last, is a gap too once the run ended (by idle) without it.
      assert.deepEqual(events.filter((e) => e.type === "gap").map((e) => [e.from, e.to, e.count, e.cause]), [
        [10, 10, 1, "upstream"],
        [20, 25, 6, "upstream"],
        [999, 999, 1, "upstream"],
      ]);
      const s = summaryOf(r);
      assert.deepEqual(s.gaps, [[10, 10], [20, 25], [999, 999]]);
      assert.deepEqual([s.received, s.lost, s.missing, s.clean, s.stopReason], [992, 8, 8, false, "idle"]);
      assert.deepEqual(s.lostByCause, {
        "late-join": 0,
        reconnect: 0,
        "publisher-restart": 0,
        "dropped-here": 0,
        "slow-subscriber": 0,
        upstream: 8,
      });
    });

    it(`pubsub e2e (${engine}) - fewer than --expect is a finding, shown in the report for people`, async () => {
      const ep = await freeEndpoint();
      const sub = startCli([
        "sub",
        ep,
        "--bind",
        "--type",
        "pull",
        "--engine",
        engine,
        "--expect",
        "600",
        "--idle-timeout",
        "300",
      ]);
      await sub.waitFor("bound", 10_000, "stderr");
      const pub = await runCli(["pub", ep, "--type", "push", "--engine", engine, "--count", "500"]);
      assert.equal(pub.code, 0, pub.stderr);
      const r = await sub.done;
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /received\s+500\b/);
      assert.match(r.stdout, /expected\s+600, 100 missing/);
      assert.match(r.stdout, /^ {2}lost {8}100 {2}missing: 500-599$/m);
      assert.match(r.stdout, /^ +100 {2}upstream: lost before this connection/m);
      assert.match(r.stdout, /FINDINGS/);
      assert.match(r.stdout, /latency\s+p50 /);
    });

    it(`pubsub e2e (${engine}) - SIGINT ends an unbounded sub with its report, exit 0`, async () => {
      const ep = await freeEndpoint();
      const sub = startCli(["sub", ep, "--bind", "--engine", engine, "--json"]);
      await sub.waitFor('"type":"start"');
      const pub = await runCli(["pub", ep, "--engine", engine, "--count", "300", "--rate", "5000", "--warmup", "200"]);
      assert.equal(pub.code, 0, pub.stderr);
      await sub.waitFor('"received":300', 5000).catch(() => undefined);
      interrupt(sub.child.pid!);
      const r = await sub.done;
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const s = summaryOf(r);
      assert.deepEqual([s.received, s.lost, s.stopReason], [300, 0, "signal"]);
    });

    it(`pubsub e2e (${engine}) - sub --worker gives the same report as sub, and stops on SIGINT`, async () => {
      const eps = [await freeEndpoint(), await freeEndpoint()];
      const subs = eps.map((ep, i) =>
        startCli([
          "sub",
          ep,
          "--bind",
          "--type",
          "pull",
          "--engine",
          engine,
          "--from-zero",
          "--json",
          ...(i ? ["--worker"] : []),
        ])
      );
      await Promise.all(subs.map((s) => s.waitFor('"type":"start"')));
      const pubs = eps.map((ep) =>
        runCli([
          "pub",
          ep,
          "--type",
          "push",
          "--engine",
          engine,
          "--count",
          "800",
          "--skip",
          "0-4,100,700-709",
          "--stream",
          "5",
        ])
      );
      for (const p of await Promise.all(pubs)) assert.equal(p.code, 0, p.stderr);
      await Promise.all(subs.map((s) => s.waitFor('"received":784', 5000).catch(() => undefined)));
      for (const s of subs) interrupt(s.child.pid!);
      const [plain, worker] = await Promise.all(subs.map((s) => s.done));
      assert.equal(plain.code, 1, plain.stderr);
      assert.equal(worker.code, 1, worker.stderr);
      const pick = (s: Record<string, unknown>) => {
        const { received, unparsed, lost, duplicates, reordered, gaps, streams, stopReason, clean } = s;
        return { received, unparsed, lost, duplicates, reordered, gaps, streams, stopReason, clean };
      };
      const a = summaryOf(plain);
      const b = summaryOf(worker);
      assert.deepEqual(pick(b), pick(a));
      assert.deepEqual([a.worker, b.worker], [false, true]);
      assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
      assert.deepEqual(a.gaps, [[0, 4], [100, 100], [700, 709]]);
      assert.equal(a.received, 784);
    });
  });
}

describe("pubsub e2e across runtimes", () => {
  it(`pubsub e2e across runtimes - sub on ${runtimeName()} (zmtp engine, --worker) accounts for pub on Node (native engine)`, async () => {
    const ep = await freeEndpoint();
    const sub = startCli([
      "sub",
      ep,
      "--bind",
      "--engine",
      "zmtp",
      "--worker",
      "--expect",
      "1500",
      "--idle-timeout",
      "1000",
      "--json",
    ]);
    await sub.waitFor('"type":"start"');
    const pub = await runCli([
      "pub",
      ep,
      "--engine",
      "native",
      "--count",
      "1500",
      "--rate",
      "10000",
      "--warmup",
      "300",
      "--skip",
      "3,1000-1001",
    ], { runtime: "node" });
    assert.equal(pub.code, 0, pub.stderr);
    const r = await sub.done;
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const s = summaryOf(r);
    assert.deepEqual([s.runtime, s.engine, s.worker, s.received, s.lost, s.gaps, s.missing], [
      runtimeName(),
      "zmtp",
      true,
      1497,
      3,
      [[3, 3], [1000, 1001]],
      3,
    ]);
  });
});
