import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { TopicTable } from "../../src/bus/topic-table.ts";

describe("bus topic table", () => {
  it("topic table - under the limit every topic is counted exactly and nothing is other", () => {
    const t = new TopicTable(3);
    t.count("b", true);
    t.count("a", true);
    t.count("b", false);
    t.count("b", true);
    assert.deepEqual(t.topics(), [{ topic: "a", subscribe: 1, unsubscribe: 0 }, {
      topic: "b",
      subscribe: 2,
      unsubscribe: 1,
    }]);
    assert.deepEqual(t.other(), { subscribe: 0, unsubscribe: 0, evictions: 0 });
    assert.deepEqual(t.totals, { subscribe: 3, unsubscribe: 1 });
  });

  it("topic table - 400,000 topics churned: the table stays at its limit, busy topics stay exact, totals add up", () => {
    const t = new TopicTable(100);
    const hot = ["md.eur", "md.usd", "news."];
    for (let i = 0; i < 400_000; i++) {
      t.count(`t.${i}`, true);
      t.count(`t.${i}`, false);
      if (i % 100 === 0) { for (const h of hot) t.count(h, i % 200 === 0); }
    }
    const topics = t.topics();
    assert.equal(topics.length, 100);
    for (const h of hot) {
      // Kept since its first events (a kept count is exact from the moment the topic got in).
      const x = topics.find((y) => y.topic === h);
      assert.ok(
        x && x.subscribe >= 1995 && x.subscribe <= 2000 && x.unsubscribe >= 1995 && x.unsubscribe <= 2000,
        `${h}: ${JSON.stringify(x)}`,
      );
    }
    const other = t.other();
    assert.deepEqual(t.totals, { subscribe: 400_000 + 6000, unsubscribe: 400_000 + 6000 });
    const shown = topics.reduce((a, x) => [a[0] + x.subscribe, a[1] + x.unsubscribe], [0, 0]);
    assert.deepEqual([shown[0] + other.subscribe, shown[1] + other.unsubscribe], [
      t.totals.subscribe,
      t.totals.unsubscribe,
    ]);
    assert.ok(other.subscribe > 390_000, `one-off topics are counted together (${other.subscribe})`);
    assert.ok(JSON.stringify(topics).length < 8000, "a small report");
  });

  it("topic table - a topic that becomes busy late gets in and pushes out a one-off", () => {
    const t = new TopicTable(10);
    for (let i = 0; i < 50_000; i++) t.count(`once.${i}`, true);
    for (let i = 0; i < 500; i++) t.count("late", i % 2 === 0);
    const late = t.topics().find((x) => x.topic === "late");
    assert.ok(late && late.subscribe + late.unsubscribe > 400, JSON.stringify(t.topics()));
    assert.equal(t.topics().length, 10);
  });

  it("topic table - a limit of 0 keeps no topic and counts everything as other", () => {
    const t = new TopicTable(0);
    t.count("a", true);
    t.count("a", false);
    assert.deepEqual(t.topics(), []);
    assert.deepEqual(t.other(), { subscribe: 1, unsubscribe: 1, evictions: 0 });
  });
});
