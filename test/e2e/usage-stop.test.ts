import { describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startCli } from "../helpers/cli.ts";
import { testableEngines } from "../helpers/engines.ts";
import { freeEndpoint } from "../helpers/ports.ts";
import { projectRoot } from "../../src/runtime/project-paths.ts";
import { interrupt, summaryOf } from "./pubsub-helpers.ts";
import { processesWith, skipWithoutProc } from "../helpers/processes.ts";
import { eventually } from "../helpers/eventually.ts";

const stack = /\bat .*:\d+:\d+|Uncaught|EPIPE/;

describe("usage stop", () => {
  for (const engine of testableEngines()) {
    it(`usage stop (${engine}) - pub with nobody listening still stops on Ctrl-C, with its summary`, async () => {
      // No subscriber: a PUB drops every message at once, so a loop that never yields ignores signals.
      const pub = startCli(["pub", await freeEndpoint(), "--engine", engine, "--warmup", "0", "--json"], {
        timeoutMs: 15_000,
      });
      // In its send loop (the 1 s progress event says it has sent): the loop that must still see the signal.
      await pub.waitFor(/"type":"progress","sent":[1-9]/, 10_000);
      interrupt(pub.child.pid!);
      const r = await pub.done;
      assert.equal(r.timedOut, false, `pub ignored SIGINT; stderr ${r.stderr}`);
      assert.equal(r.code, 0, r.stderr);
      const s = summaryOf(r);
      assert.equal(s.stopReason, "signal");
      assert.ok((s.sent as number) > 0, JSON.stringify(s));
    });
  }

  it("usage stop - output piped into a reader that leaves (| head -1) ends sub quietly (exit 1: nothing was received)", async () => {
    const sub = startCli(["sub", await freeEndpoint(), "--bind", "--json"], { timeoutMs: 15_000 });
    await sub.waitFor('"type":"start"');
    sub.child.stdout!.destroy(); // the next write (the 1 s progress event) meets a closed pipe
    const r = await sub.done;
    assert.equal(r.timedOut, false, r.stderr);
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stderr, stack);
  });

  it("usage stop - sub --worker stops on SIGINT without an error from the worker", async () => {
    const sub = startCli(["sub", await freeEndpoint(), "--bind", "--worker", "--json"], { timeoutMs: 15_000 });
    await sub.waitFor('"type":"start"');
    interrupt(sub.child.pid!);
    const r = await sub.done;
    assert.equal(r.code, 1, r.stderr); // nothing received is a finding
    assert.deepEqual([summaryOf(r).stopReason, summaryOf(r).noMessages], [
      "signal",
      `no publisher connected to ${summaryOf(r).endpoint}`,
    ]);
    assert.doesNotMatch(r.stderr, stack);
  });

  it(
    "usage stop - SIGTERM to repro kills its running children, one line, exit 1",
    { skip: skipWithoutProc },
    async () => {
      const seed = String(1_000_000 + Math.floor(Math.random() * 1_000_000_000));
      const fixture = path.join(projectRoot, "fixtures", "repro", "hang.ts");
      // Every form of this fixture hangs in shutdown; with a 60 s deadline only repro's stop ends them.
      const repro = startCli(["repro", "--file", fixture, "--timeout", "60000", "--seed", seed, "--jobs", "2"], {
        timeoutMs: 30_000,
      });
      const mine = () => processesWith(["--seed", seed]).filter((pid) => pid !== repro.child.pid);
      await eventually(() => mine().length === 2, 20_000, () => `children did not start; stderr ${repro.stderr()}`, 50);
      process.kill(repro.child.pid!, "SIGTERM"); // not child.kill: see interrupt()
      const r = await repro.done;
      assert.equal(r.code, 1, r.stderr);
      assert.match(
        r.stderr,
        /^zmqdiag: stopping \(SIGTERM\): the running children were killed; the summary of the runs so far follows\n$/,
      );
      await eventually(() => mine().length === 0, 5_000, () => `children outlived repro: ${mine().join(", ")}`, 50);
    },
  );
});
