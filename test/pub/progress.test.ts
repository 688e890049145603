import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { pubProgressText, timeLeft } from "../../src/pub/pub-report.ts";
import { newSendState } from "../../src/pub/send-loop.ts";
import { freeEndpoint } from "../helpers/ports.ts";
import { runOnTerminal, skipWithoutScript } from "../helpers/terminal.ts";

describe("pub progress", () => {
  it("pub progress - with --count: percent done and the time left at the rate so far", () => {
    const st = { ...newSendState(), sent: 2501, nextSeq: 2501, firstAt: 0, lastAt: 2500 };
    assert.equal(pubProgressText(st, 10_000), "pub: 2,501 sent, 1,000 msg/s, seq 2501, 25% done, 8 s left");
    assert.equal(pubProgressText(st), "pub: 2,501 sent, 1,000 msg/s, seq 2501");
    assert.equal(
      pubProgressText({ ...st, nextSeq: 10_000 }, 10_000),
      "pub: 2,501 sent, 1,000 msg/s, seq 10000, 100% done",
    );
    assert.equal(pubProgressText(newSendState(), 3), "pub: 0 sent, 0 msg/s, seq 0, 0% done");
  });
  it("pub progress - time left reads as a countdown", () => {
    assert.deepEqual([timeLeft(0.2), timeLeft(59.5), timeLeft(200), timeLeft(7500)], [
      "1 s",
      "1 min 0 s",
      "3 min 20 s",
      "2 h 5 min",
    ]);
  });
  it("pub progress - on a terminal the live line shows them", { skip: skipWithoutScript }, async () => {
    const r = await runOnTerminal([
      "pub",
      await freeEndpoint(),
      "--bind",
      "--engine",
      "zmtp",
      "--count",
      "2000",
      "--rate",
      "1000",
      "--warmup",
      "0",
    ], { env: { TERM: "xterm" } });
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, /pub: [\d,]+ sent, [\d,]+ msg\/s, seq \d+, \d+(\.\d)?% done, \d s left/);
  });
});
