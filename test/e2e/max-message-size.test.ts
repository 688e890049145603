// --max-message-size of `sub`: a publisher's message over it is refused (the connection is
// closed and counted as a protocol error), one under it passes; a bad value is exit 2.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseJsonLines, runCli, startCli } from "../helpers/cli.ts";
import { freeEndpoint } from "../helpers/ports.ts";
import type { Json } from "../helpers/json.ts";

async function transfer(
  size: number,
  max: string,
  json = true,
): Promise<{ summary: Json; stdout: string; stderr: string }> {
  const ep = await freeEndpoint();
  const sub = startCli([
    "sub",
    ep,
    "--bind",
    "--engine",
    "zmtp",
    ...(json ? ["--json"] : []),
    "--max-message-size",
    max,
    "--duration",
    "3",
    "--seq",
    "none",
  ]);
  await sub.waitFor(json ? '"type":"start"' : "sub: ", 10_000, json ? "stdout" : "stderr");
  const pub = await runCli([
    "pub",
    ep,
    "--engine",
    "zmtp",
    "--size",
    String(size),
    "--count",
    "5",
    "--warmup",
    "500",
    "--linger",
    "500",
  ]);
  assert.equal(pub.code, 0, pub.stderr);
  const r = await sub.done;
  const summary = json ? parseJsonLines(r.stdout).filter((e) => e.type === "summary").pop() as Json : {};
  return { summary, stdout: r.stdout, stderr: r.stderr };
}

describe("max message size cli", () => {
  it("max message size cli - sub refuses a 2000-byte message with --max-message-size 1000 and takes it with 2100", async () => {
    const refused = await transfer(2000, "1000");
    assert.equal(refused.summary.received, 0);
    assert.ok(refused.summary.counters.protocolErrors >= 1, JSON.stringify(refused.summary.counters));
    const event = parseJsonLines(refused.stdout).find((e) => e.type === "peer-refused") as Json | undefined;
    assert.ok(event, `a peer-refused event: ${refused.stdout}`);
    assert.equal(event.code, "ZMTP_FRAME_TOO_LARGE");
    assert.match(event.peer, /^tcp:\/\/127\.0\.0\.1:\d+$/);
    assert.match(event.reason, /raise --max-message-size/);
    const taken = await transfer(2000, "2100");
    assert.equal(taken.summary.received, 5);
    assert.equal(taken.summary.counters.protocolErrors, 0);
    assert.equal(parseJsonLines(taken.stdout).filter((e) => e.type === "peer-refused").length, 0);
  });

  it("max message size cli - for people, the refused publisher is named once, with the code and what to do", async () => {
    const refused = await transfer(2000, "1000", false);
    const lines = refused.stderr.split("\n").filter((l) => l.includes("peer refused"));
    assert.equal(lines.length, 1, refused.stderr);
    assert.match(
      lines[0],
      /^peer refused: tcp:\/\/127\.0\.0\.1:\d+: .*maximum message size.*raise --max-message-size to accept it \[ZMTP_FRAME_TOO_LARGE\]$/,
    );
  });

  it("max message size cli - a bad value is one line on stderr and exit 2; -1 is accepted", async () => {
    for (const bad of ["0", "-2", "64MiB", "1.5"]) {
      const r = await runCli(["sub", "tcp://127.0.0.1:1", "--max-message-size", bad]);
      assert.equal(r.code, 2, `${bad}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
    const ok = await runCli([
      "bus",
      "--frontend",
      "tcp://127.0.0.1:0",
      "--backend",
      "tcp://127.0.0.1:0",
      "--engine",
      "zmtp",
      "--max-message-size",
      "-1",
      "--duration",
      "0.2",
      "--json",
    ]);
    assert.equal(ok.code, 0, ok.stderr);
  });
});
