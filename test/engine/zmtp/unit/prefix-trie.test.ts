import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { PrefixTrie } from "../../../../src/engine/zmtp/prefix-trie.ts";
import { TopicCounts } from "../../../../src/engine/zmtp/subscriptions.ts";
import { seededRandom as rng } from "../../../../src/repro/seeded-random.ts";

/** The naive matcher: a count per topic, and a walk over every topic for a match. */
class Naive {
  readonly counts = new Map<string, number>();
  add(t: Buffer) {
    this.counts.set(t.toString("latin1"), (this.counts.get(t.toString("latin1")) ?? 0) + 1);
  }
  remove(t: Buffer) {
    const k = t.toString("latin1");
    const n = this.counts.get(k);
    if (n === undefined) return -1;
    if (n === 1) this.counts.delete(k);
    else this.counts.set(k, n - 1);
    return n - 1;
  }
  matches(data: Buffer) {
    for (const k of this.counts.keys()) {
      if (data.length >= k.length && data.subarray(0, k.length).toString("latin1") === k) return true;
    }
    return false;
  }
}

// Bytes near the ends of the range and a few in the middle, so that topics share prefixes often
// and the children arrays grow both ways.
const alphabet = [0x00, 0x01, 0x41, 0x42, 0x7f, 0xfe, 0xff];

function randomBytes(r: () => number, maxLen: number): Buffer {
  const n = Math.floor(r() * (maxLen + 1));
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = alphabet[Math.floor(r() * alphabet.length)];
  return b;
}

describe("zmtp prefix trie", () => {
  for (const seed of [1, 7, 42, 1234, 99991]) {
    it(`prefix trie - random adds, removes and matches agree with a naive matcher (seed ${seed})`, () => {
      const r = rng(seed);
      const trie = new PrefixTrie();
      const naive = new Naive();
      const pool = Array.from({ length: 60 }, () => randomBytes(r, 6));
      for (let step = 0; step < 4000; step++) {
        const t = pool[Math.floor(r() * pool.length)];
        const op = r();
        if (op < 0.4) {
          naive.add(t);
          assert.equal(trie.add(t), naive.counts.get(t.toString("latin1")));
        } else if (op < 0.75) {
          assert.equal(trie.remove(t), naive.remove(t), `remove ${t.toString("hex")} at step ${step}`);
        } else {
          const data = randomBytes(r, 9);
          // The same bytes in place in a bigger chunk, with other bytes around them.
          const chunk = Buffer.concat([Buffer.from([0x41, 0x00]), data, Buffer.from([0x42])]);
          const want = naive.matches(data);
          assert.equal(trie.matchesAt(data, 0, data.length), want, `match ${data.toString("hex")} at step ${step}`);
          assert.equal(trie.matchesAt(chunk, 2, data.length), want, `in place ${data.toString("hex")} at step ${step}`);
        }
        assert.equal(trie.size, naive.counts.size);
      }
      const listed = trie.list().map((b) => b.toString("latin1"));
      assert.deepEqual(
        listed,
        [...naive.counts.keys()].sort((x, y) => Buffer.compare(Buffer.from(x, "latin1"), Buffer.from(y, "latin1"))),
      );
      for (const [k, n] of naive.counts) assert.equal(trie.count(Buffer.from(k, "latin1")), n);
    });
  }

  it("prefix trie - 100,000 topics match exactly the messages a naive matcher passes", () => {
    const r = rng(5);
    const trie = new TopicCounts();
    const set = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const t = `md.${Math.floor(r() * 1e9).toString(36)}.${i}`;
      trie.add(Buffer.from(t));
      set.add(t);
    }
    // Prefix lookup in the set by every length is a naive matcher that stays fast at this size.
    const naive = (d: string) => {
      for (let l = 0; l <= d.length; l++) if (set.has(d.slice(0, l))) return true;
      return false;
    };
    const topics = [...set];
    let matched = 0;
    for (let i = 0; i < 20_000; i++) {
      const base = topics[Math.floor(r() * topics.length)];
      const d = r() < 0.5 ? base + "x".repeat(Math.floor(r() * 3)) : base.slice(0, Math.floor(r() * base.length));
      const want = naive(d);
      if (want) matched++;
      assert.equal(trie.matches(Buffer.from(d)), want, d);
    }
    assert.ok(matched > 5000 && matched < 15_000, `both outcomes are exercised (${matched} matched)`);
    assert.equal(trie.size, 100_000);
  });

  it("prefix trie - removing every topic leaves nothing behind; a long topic is one entry", () => {
    const trie = new PrefixTrie();
    const long = Buffer.alloc(1 << 20, 0x61);
    const topics = [Buffer.from("a"), Buffer.from("ab"), Buffer.from("abc"), Buffer.from("b"), Buffer.from(""), long];
    for (const t of topics) trie.add(t);
    assert.equal(trie.matchesEverything, true);
    assert.equal(trie.list().length, topics.length);
    for (const t of topics) assert.equal(trie.remove(t), 0);
    assert.equal(trie.size, 0);
    assert.deepEqual(trie.list(), []);
    assert.equal(trie.matchesAt(long, 0, long.length), false);
    assert.equal(trie.remove(Buffer.from("a")), -1, "removing what is not there says so");
  });
});
