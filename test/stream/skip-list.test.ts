import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { countBelow, parseSkipList, SkipCursor, SkipListError } from "../../src/stream/skip-list.ts";

describe("skip list", () => {
  it("skip list - parses numbers and ranges, sorted and merged", () => {
    assert.deepEqual(parseSkipList("10,20-25"), [[10, 10], [20, 25]]);
    assert.deepEqual(parseSkipList(" 30-31, 5 ,6,7-8,29"), [[5, 8], [29, 31]]);
    assert.deepEqual(parseSkipList("0"), [[0, 0]]);
  });

  it("skip list - malformed lists are one-line errors", () => {
    for (const bad of ["", "a", "1,,2", "5-3", "-1", "1-", "1.5", "1-2-3", "99999999999999999999"]) {
      assert.throws(() => parseSkipList(bad), SkipListError, bad);
    }
  });

  it("skip list - counts the numbers below a limit", () => {
    const r = parseSkipList("10,20-25");
    assert.equal(countBelow(r, 10), 0);
    assert.equal(countBelow(r, 11), 1);
    assert.equal(countBelow(r, 23), 4);
    assert.equal(countBelow(r, 1000), 7);
  });

  it("skip list - the cursor agrees with a set of the numbers (property)", () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(50), fc.nat(5)), { minLength: 1, maxLength: 8 }), (pairs) => {
      const textList = pairs.map(([a, n]) => (n === 0 ? `${a}` : `${a}-${a + n}`)).join(",");
      const set = new Set<number>();
      for (const [a, n] of pairs) for (let i = a; i <= a + n; i++) set.add(i);
      const cursor = new SkipCursor(parseSkipList(textList));
      for (let s = 0; s < 60; s++) {
        const until = cursor.skippedUntil(s);
        assert.equal(until >= 0, set.has(s), `${textList} at ${s}`);
        if (until >= 0) {
          assert.ok(set.has(until) && !set.has(until + 1));
        }
      }
    }));
  });
});
