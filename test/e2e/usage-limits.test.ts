import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runCli } from "../helpers/cli.ts";
import { testableEngines } from "../helpers/engines.ts";
import { freeEndpoint, freePort } from "../helpers/ports.ts";
import { oneLineNoStack } from "./pubsub-helpers.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zmqdiag-usage-"));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const missing = path.join(tmp, "no-such-folder", "report.json");

/** Values past what a timer or libzmq can hold, or past what pub allocates: each is refused up front. */
const tooLarge: Array<[string[], RegExp]> = [
  [["pub", "tcp://127.0.0.1:5", "--warmup", "99999999999999"], /--warmup .*from 0 to 2147483647/],
  [["pub", "tcp://127.0.0.1:5", "--duration", "1e300"], /--duration .*at most 2147483 seconds/],
  [["pub", "tcp://127.0.0.1:5", "--linger", "2147483648"], /--linger .*from 0 to 2147483647/],
  [["pub", "tcp://127.0.0.1:5", "--hwm", "99999999999999"], /--hwm .*from 0 to 2147483647/],
  [["pub", "tcp://127.0.0.1:5", "--size", "999999999999"], /--size 999999999999 is larger than 268435456 bytes/],
  [["sub", "tcp://127.0.0.1:5", "--idle-timeout", "3000000000"], /--idle-timeout .*from 1 to 2147483647/],
  [["sub", "tcp://127.0.0.1:5", "--duration", "3000000"], /--duration .*at most 2147483 seconds/],
  [
    ["bus", "--frontend", "tcp://127.0.0.1:5", "--backend", "tcp://127.0.0.1:6", "--stats-interval", "3000000000"],
    /--stats-interval .*from 1 to 2147483647/,
  ],
  [
    ["bus", "--frontend", "tcp://127.0.0.1:5", "--backend", "tcp://127.0.0.1:6", "--shutdown-timeout", "3000000000"],
    /--shutdown-timeout .*from 1 to 2147483647/,
  ],
  [["repro", "--timeout", "3000000000"], /--timeout .*from 1 to 2147483647/],
];

describe("usage limits", () => {
  it("usage limits - a value too large for a timer, libzmq or memory is one line and exit 2, before any work", async () => {
    const results = await Promise.all(tooLarge.map(([args]) => runCli(args)));
    results.forEach((r, i) => {
      const [args, want] = tooLarge[i];
      const what = `${args.join(" ")} -> exit ${r.code}, stderr ${JSON.stringify(r.stderr)}`;
      assert.equal(r.code, 2, what);
      assert.match(r.stderr, want, what);
      assert.ok(oneLineNoStack(r.stderr), what);
      assert.equal(r.stdout, "", what);
    });
  });

  it("usage limits - a --report that cannot be written is refused before pub or sub start", async () => {
    const ep = await freeEndpoint();
    const runs = await Promise.all([
      runCli(["pub", ep, "--count", "1", "--warmup", "0", "--report", missing]),
      runCli(["sub", ep, "--duration", "0.2", "--report", missing]),
      runCli(["sub", ep, "--duration", "0.2", "--report", tmp]),
    ]);
    const wants = [/folder .*no-such-folder does not exist/, /folder .*no-such-folder does not exist/, /is a folder/];
    runs.forEach((r, i) => {
      const what = `run ${i}: exit ${r.code}, stdout ${JSON.stringify(r.stdout)}, stderr ${JSON.stringify(r.stderr)}`;
      assert.equal(r.code, 2, what);
      assert.match(r.stderr, /^zmqdiag: cannot write /, what);
      assert.match(r.stderr, wants[i], what);
      assert.ok(oneLineNoStack(r.stderr), what);
      assert.equal(r.stdout, "", what); // refused up front: no summary was printed
    });
  });

  for (const engine of testableEngines()) {
    it(`usage limits (${engine}) - an IPv6 bind works or is one line and exit 2, never an internal error`, async () => {
      const r = await runCli([
        "sub",
        `tcp://[::1]:${await freePort()}`,
        "--bind",
        "--engine",
        engine,
        "--duration",
        "0.3",
      ]);
      // Bound, nobody connected, nothing received: a finding (exit 1); or the bind is refused (exit 2).
      assert.ok(r.code === 1 || r.code === 2, `exit ${r.code}: ${r.stderr}`);
      if (r.code === 1) {
        assert.match(r.stdout, /nothing {5}(no publisher connected to|no message arrived on) tcp:\/\/\[::1\]:\d+/m);
      }
      if (r.code === 2) {
        assert.match(r.stderr, /^zmqdiag: cannot bind tcp:\/\/\[::1\]:\d+: /, r.stderr);
        assert.ok(oneLineNoStack(r.stderr), r.stderr);
      }
    });
  }

  it("usage limits - help for an unknown command is one line and exit 2; no command is exit 2", async () => {
    const [unknown, bare, known] = await Promise.all([runCli(["help", "nosuch"]), runCli([]), runCli(["help", "pub"])]);
    assert.equal(unknown.code, 2, unknown.stderr);
    assert.match(unknown.stderr, /unknown command 'nosuch'/);
    assert.ok(oneLineNoStack(unknown.stderr), unknown.stderr);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /^Usage: zmqdiag/);
    assert.equal(known.code, 0, known.stderr);
    assert.match(known.stdout, /^Usage: zmqdiag pub \[options\] <endpoint>/);
  });
});
