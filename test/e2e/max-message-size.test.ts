// --max-message-size of `sub`: a publisher's message over it is refused (the connection is
// closed and counted as a protocol error), one under it passes; a bad value is exit 2.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseJsonLines, runCli, startCli } from "../helpers/cli.ts";
import { freeEndpoint } from "../helpers/ports.ts";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function transfer(size: number, max: string): Promise<Json> {
  const ep = await freeEndpoint();
  const sub = startCli(["sub", ep, "--bind", "--engine", "zmtp", "--json", "--max-message-size", max, "--duration", "3", "--seq", "none"]);
  await sub.waitFor('"type":"start"');
  const pub = await runCli(["pub", ep, "--engine", "zmtp", "--size", String(size), "--count", "5", "--warmup", "500", "--linger", "500"]);
  assert.equal(pub.code, 0, pub.stderr);
  const r = await sub.done;
  return parseJsonLines(r.stdout).filter((e) => e.type === "summary").pop() as Json;
}

describe("max message size cli", () => {
  it("max message size cli - sub refuses a 2000-byte message with --max-message-size 1000 and takes it with 2100", async () => {
    const refused = await transfer(2000, "1000");
    assert.equal(refused.received, 0);
    assert.ok(refused.counters.protocolErrors >= 1, JSON.stringify(refused.counters));
    const taken = await transfer(2000, "2100");
    assert.equal(taken.received, 5);
    assert.equal(taken.counters.protocolErrors, 0);
  });

  it("max message size cli - a bad value is one line on stderr and exit 2; -1 is accepted", async () => {
    for (const bad of ["0", "-2", "64MiB", "1.5"]) {
      const r = await runCli(["sub", "tcp://127.0.0.1:1", "--max-message-size", bad]);
      assert.equal(r.code, 2, `${bad}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
    const ok = await runCli(["bus", "--frontend", "tcp://127.0.0.1:0", "--backend", "tcp://127.0.0.1:0", "--engine", "zmtp", "--max-message-size", "-1", "--duration", "0.2", "--json"]);
    assert.equal(ok.code, 0, ok.stderr);
  });
});
