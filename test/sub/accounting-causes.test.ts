import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { Accounting, type GapEvent } from "../../src/sub/accounting.ts";
import { Observations } from "../../src/stream/observations.ts";
import { parseSeqSpec } from "../../src/stream/seq-extractor.ts";

const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return [b];
};

function setup(expect?: number) {
  const gaps: GapEvent[] = [];
  const obs = new Observations();
  obs.eventsKnown = true;
  const a = new Accounting(parseSeqSpec("u64be:0"), {
    fromZero: expect !== undefined,
    expect,
    onGap: (g) => gaps.push(g),
    observations: obs,
  });
  return { a, obs, gaps };
}

describe("sub accounting causes", () => {
  it("sub accounting causes - numbers starting again after a reconnect are a new epoch, not duplicates", () => {
    const { a, obs, gaps } = setup(1000);
    for (let i = 0; i < 600; i++) a.add(u64(i));
    obs.connection("disconnect", "p", performance.now());
    obs.connection("connect", "p", performance.now());
    for (let i = 0; i < 1000; i++) a.add(u64(i));
    a.finish();
    const s = a.snapshot();
    assert.deepEqual([s.duplicates, s.lost, s.streams.length, s.streams.map((x) => x.epoch)], [0, 400, 2, [0, 1]]);
    assert.deepEqual(gaps.map((g) => [g.from, g.to, g.cause]), [[600, 999, "publisher-restart"]]);
    assert.equal(s.lostByCause["publisher-restart"], 400);
  });

  it("sub accounting causes - without a reconnect, a number seen before stays a duplicate", () => {
    const { a } = setup();
    for (const i of [0, 1, 2, 0]) a.add(u64(i));
    assert.deepEqual([a.snapshot().duplicates, a.snapshot().streams.length], [1, 1]);
  });

  it("sub accounting causes - lost by cause adds up to lost, and a late message takes its number off its cause", () => {
    const { a, obs } = setup();
    for (const i of [0, 1, 5]) a.add(u64(i)); // 2-4: upstream
    obs.connection("disconnect", "p", performance.now());
    obs.connection("connect", "p", performance.now());
    a.add(u64(9)); // 6-8: reconnect
    a.add(u64(7)); // late: back from reconnect
    const s = a.snapshot();
    assert.deepEqual([s.lost, s.reordered, s.lostByCause.upstream, s.lostByCause.reconnect], [5, 1, 3, 2]);
    assert.deepEqual(s.gapDetails.map((g) => [g.from, g.to, g.cause]), [[2, 4, "upstream"], [6, 6, "reconnect"], [
      8,
      8,
      "reconnect",
    ]]);
    assert.deepEqual(s.gaps, [[2, 4], [6, 6], [8, 8]]);
  });

  it("sub accounting causes - --expect: the tail up to N-1 is lost and explained", () => {
    const { a, gaps } = setup(5000);
    for (let i = 0; i < 5000; i++) if (i !== 0 && i !== 77 && (i < 1000 || i > 1049) && i !== 4999) a.add(u64(i));
    a.finish();
    const s = a.snapshot();
    assert.deepEqual(s.gaps, [[0, 0], [77, 77], [1000, 1049], [4999, 4999]]);
    assert.equal(s.lost, 53);
    assert.deepEqual(gaps.map((g) => g.cause), ["upstream", "upstream", "upstream", "upstream"]);
  });
});
