import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { parseJsonLines, runCli, type RunningCli, startCli } from "../helpers/cli.ts";
import { freeEndpoint } from "../helpers/ports.ts";
import { engineCases } from "../bus/engine-availability.ts";
import { sendSignal } from "../bus/send-signal.ts";

const cases = await engineCases();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zmqdiag-bus-"));
const hold = { ZMQDIAG_TEST_HOLD_SHUTDOWN: "1" };

function assertOneLine(stderr: string): void {
  assert.equal(stderr.trim().split("\n").length, 1, stderr);
  assert.doesNotMatch(stderr, /\bat .*:\d+:\d+/);
}

async function startBus(
  engine: string,
  extra: string[],
  env: Record<string, string> = {},
): Promise<{ bus: RunningCli; frontend: string; backend: string }> {
  const frontend = await freeEndpoint();
  const backend = await freeEndpoint();
  const bus = startCli(["bus", "--frontend", frontend, "--backend", backend, "--engine", engine, "--json", ...extra], {
    env,
  });
  await bus.waitFor('"type":"start"');
  return { bus, frontend, backend };
}

function events(text: string, type: string): Array<Record<string, unknown>> {
  return parseJsonLines(text).filter((e) => e.type === type);
}

describe("bus cli", () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("bus cli - the same endpoint for frontend and backend is one line and exit 2", async () => {
    const r = await runCli(["bus", "--frontend", "tcp://127.0.0.1:5999", "--backend", "tcp://127.0.0.1:5999"]);
    assert.equal(r.code, 2);
    assertOneLine(r.stderr);
    assert.match(r.stderr, /--frontend and --backend must differ/);
  });

  it("bus cli - missing or bad options are one line and exit 2", async () => {
    const bad = [
      ["bus", "--frontend", "tcp://127.0.0.1:5999"],
      ["bus", "--frontend", "tcp://127.0.0.1:5998", "--backend", "tcp://127.0.0.1:5999", "--hwm", "-1"],
      ["bus", "--frontend", "tcp://127.0.0.1:5998", "--backend", "tcp://127.0.0.1:5999", "--shutdown-timeout", "soon"],
      ["bus", "--frontend", "tcp://127.0.0.1:5998", "--backend", "tcp://127.0.0.1:5999", "--engine", "fast"],
      ["bus", "--frontend", "tcp://127.0.0.1", "--backend", "tcp://127.0.0.1:5999"],
      ["bus", "--frontend", "tcp://127.0.0.1:5998", "--backend", "inproc://x"],
    ];
    for (const args of bad) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /^(error|zmqdiag):/, args.join(" "));
      assert.doesNotMatch(r.stderr, /\bat .*:\d+:\d+/);
    }
  });

  for (const c of cases) {
    const name = c.name;
    it(`bus cli - ${name}: an endpoint already in use is one line and exit 2`, async () => {
      const taken = net.createServer();
      await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
      const port = (taken.address() as net.AddressInfo).port;
      try {
        const r = await runCli([
          "bus",
          "--frontend",
          await freeEndpoint(),
          "--backend",
          `tcp://127.0.0.1:${port}`,
          "--engine",
          name,
        ]);
        assert.equal(r.code, 2, r.stderr);
        assertOneLine(r.stderr);
        assert.match(
          r.stderr,
          new RegExp(`^zmqdiag: cannot bind --backend tcp://127\\.0\\.0\\.1:${port}: address already in use\\n$`),
        );
      } finally {
        taken.close();
      }
    });

    it(`bus cli - ${name}: SIGTERM shuts down cleanly with the summary and the report, exit 0`, async () => {
      const report = path.join(tmp, `clean-${name}.json`);
      const { bus, frontend, backend } = await startBus(name, ["--report", report, "--shutdown-timeout", "1500"]);
      const start = events(bus.stdout(), "start")[0];
      assert.equal(start.frontend, frontend);
      assert.equal(start.backend, backend);
      const t0 = Date.now();
      sendSignal(bus, "SIGTERM");
      const r = await bus.done;
      assert.ok(Date.now() - t0 < 1500 + 1000, `exit took ${Date.now() - t0} ms`);
      assert.equal(r.code, 0, r.stderr);
      const [summary] = events(r.stdout, "summary");
      assert.equal(summary.shutdown, "clean");
      assert.equal(summary.stopReason, "SIGTERM");
      assert.deepEqual(summary.down, { messages: 0, bytes: 0 });
      assert.equal(summary.exitCode, 0);
      assert.deepEqual(JSON.parse(fs.readFileSync(report, "utf8")), summary);
    });

    it(`bus cli - ${name}: --duration ends the run by itself`, async () => {
      const { bus } = await startBus(name, ["--duration", "0.3", "--stats-interval", "100"]);
      const r = await bus.done;
      assert.equal(r.code, 0, r.stderr);
      const [summary] = events(r.stdout, "summary");
      assert.equal(summary.stopReason, "duration");
      assert.ok(events(r.stdout, "stats").length >= 1);
      if (name === "native") assert.equal(summary.drops, null, "native cannot measure drops: null, not 0");
      else assert.equal(summary.drops, 0);
    });

    it(`bus cli - ${name}: a forced hang is reported naming the pending receive, within the timeout + 250 ms, exit 1`, async () => {
      const report = path.join(tmp, `hang-${name}.json`);
      const { bus } = await startBus(name, ["--shutdown-timeout", "500", "--report", report], hold);
      const t0 = Date.now();
      sendSignal(bus, "SIGTERM");
      await bus.waitFor('"type":"hang"', 5000);
      const took = Date.now() - t0;
      assert.ok(took < 500 + 250, `hang reported after ${took} ms`);
      const r = await bus.done;
      assert.equal(r.code, 1, r.stderr);
      const [hang] = events(r.stdout, "hang") as Array<
        { timeoutMs: number; pending: Array<{ owner: string; operation: string; since: string }> }
      >;
      assert.equal(hang.timeoutMs, 500);
      assert.equal(hang.pending.length, 1);
      assert.match(hang.pending[0].owner, /^frontend xsub \(bind tcp:\/\/127\.0\.0\.1:\d+\)$/);
      assert.equal(hang.pending[0].operation, "receive");
      assert.ok(Date.parse(hang.pending[0].since) <= t0);
      assert.deepEqual(Object.keys(hang.pending[0]).sort(), ["operation", "owner", "pendingMs", "since"]);
      const [summary] = events(r.stdout, "summary");
      assert.equal(summary.shutdown, "hang");
      assert.equal(JSON.parse(fs.readFileSync(report, "utf8")).shutdown, "hang");
    });

    it(`bus cli - ${name}: a second SIGINT during shutdown ends it at once with the summary and the report`, async () => {
      const report = path.join(tmp, `twice-${name}.json`);
      const { bus } = await startBus(name, ["--shutdown-timeout", "20000", "--report", report], hold);
      sendSignal(bus, "SIGINT");
      // The first Ctrl-C of a slow shutdown says so, and how to force it.
      await bus.waitFor(
        "zmqdiag: stopping (SIGINT): shutting down (at most --shutdown-timeout 20000 ms); Ctrl-C again to force\n",
        5000,
        "stderr",
      );
      const t0 = Date.now();
      sendSignal(bus, "SIGINT");
      const r = await bus.done;
      assert.ok(Date.now() - t0 < 2000, `exit took ${Date.now() - t0} ms after the second SIGINT`);
      assert.equal(r.code, 1, r.stderr);
      const [summary] = events(r.stdout, "summary") as Array<
        { shutdown: string; hang: { pending: Array<{ operation: string }> } }
      >;
      assert.equal(summary.shutdown, "interrupted");
      assert.deepEqual(summary.hang.pending.map((p) => p.operation), ["receive"]);
      assert.equal(JSON.parse(fs.readFileSync(report, "utf8")).shutdown, "interrupted");
    });
  }
});
