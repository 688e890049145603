import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runCli, startCli } from "../helpers/cli.ts";
import { testableEngines } from "../helpers/engines.ts";
import { freeEndpoint } from "../helpers/ports.ts";
import { assertEngineCarries, summaryOf } from "./pubsub-helpers.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zmqdiag-expect-"));

for (const engine of testableEngines()) {
  describe(`pubsub expect (${engine})`, () => {
    before(() => assertEngineCarries(engine));

    it(`pubsub expect (${engine}) - sub --expect N ends by itself once N-1 arrived, reporting the skipped ranges as lost`, async () => {
      const ep = await freeEndpoint();
      const report = path.join(tmp, `expect-${engine}.json`);
      // No --idle-timeout and no --duration: only the --expect rule can end this run.
      const sub = startCli([
        "sub",
        ep,
        "--bind",
        "--engine",
        engine,
        "--expect",
        "1000",
        "--hwm",
        "10000",
        "--report",
        report,
      ], { timeoutMs: 15_000 });
      await sub.waitFor("bound", 10_000, "stderr");
      const pub = await runCli([
        "pub",
        ep,
        "--engine",
        engine,
        "--count",
        "1000",
        "--skip",
        "0,10,20-25,998",
        "--rate",
        "20000",
        "--hwm",
        "10000",
      ]);
      assert.equal(pub.code, 0, pub.stderr);
      const r = await sub.done;
      assert.equal(r.timedOut, false, `sub did not end by itself: ${r.stdout}${r.stderr}`);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /stopped by expect\)/);
      assert.match(r.stdout, /^ {2}expected {4}1,000, 9 missing$/m);
      assert.match(r.stdout, /^ {2}lost {8}9 {2}missing: 0, 10, 20-25, 998$/m);
      assert.match(r.stdout, /^ {2}engine {6}drops at HWM /m);
      const s = JSON.parse(fs.readFileSync(report, "utf8")) as Record<string, unknown>;
      assert.deepEqual([s.stopReason, s.received, s.lost, s.missing, s.clean], ["expect", 991, 9, 9, false]);
      assert.deepEqual(s.gaps, [[0, 0], [10, 10], [20, 25], [998, 998]]);
    });

    it(`pubsub expect (${engine}) - sub --worker --expect ends the same way`, async () => {
      const ep = await freeEndpoint();
      const sub = startCli([
        "sub",
        ep,
        "--bind",
        "--type",
        "pull",
        "--engine",
        engine,
        "--worker",
        "--expect",
        "300",
        "--json",
      ], { timeoutMs: 15_000 });
      await sub.waitFor('"type":"start"');
      const pub = await runCli([
        "pub",
        ep,
        "--type",
        "push",
        "--engine",
        engine,
        "--count",
        "300",
        "--skip",
        "100-149",
      ]);
      assert.equal(pub.code, 0, pub.stderr);
      const r = await sub.done;
      assert.equal(r.timedOut, false, `sub did not end by itself: ${r.stdout}${r.stderr}`);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const s = summaryOf(r);
      assert.deepEqual([s.stopReason, s.worker, s.received, s.lost, s.missing, s.gaps], ["expect", true, 250, 50, 50, [[
        100,
        149,
      ]]]);
    });

    it(`pubsub expect (${engine}) - without the last number, sub --expect waits: --idle-timeout still ends it`, async () => {
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
        "300",
        "--idle-timeout",
        "1500",
        "--json",
      ], { timeoutMs: 15_000 });
      await sub.waitFor('"type":"start"');
      const pub = await runCli(["pub", ep, "--type", "push", "--engine", engine, "--count", "300", "--skip", "299"]);
      assert.equal(pub.code, 0, pub.stderr);
      const r = await sub.done;
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const s = summaryOf(r);
      // 299 never came: after the highest seen, up to N-1, it is lost (a gap), and missing.
      assert.deepEqual([s.stopReason, s.received, s.lost, s.missing, s.gaps], ["idle", 299, 1, 1, [[299, 299]]]);
    });
  });
}
