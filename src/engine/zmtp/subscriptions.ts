/**
 * Topic prefixes. `TopicSet` is a publisher's per-peer set (subscribing twice is one entry,
 * as in libzmq's mtrie); `TopicCounts` is a subscriber's counted list (two subscribes need two
 * unsubscribes, as in libzmq's trie). Matching is a byte-prefix test on the first frame, in a
 * trie (prefix-trie.ts), so that it costs the same with 100,000 topics as with 10.
 */
import type { Buffer } from "node:buffer";
import { PrefixTrie } from "./prefix-trie.ts";

/** What both kinds share: matching, whole or in place, and the list a reconnect re-sends. */
abstract class Topics {
  protected readonly trie = new PrefixTrie();

  /** True when `data` starts with one of the topics. */
  matches(data: Uint8Array): boolean {
    return this.trie.matchesAt(data, 0, data.length);
  }

  /** True when the bytes `data[at, at + len)` start with one of the topics (no view of them is made). */
  matchesAt(data: Uint8Array, at: number, len: number): boolean {
    return this.trie.matchesAt(data, at, len);
  }

  /** True when the empty topic is held: everything matches. */
  get everything(): boolean {
    return this.trie.matchesEverything;
  }

  /** Every distinct topic, in byte order. */
  list(): Buffer[] {
    return this.trie.list();
  }

  /** Distinct topics held. */
  get size(): number {
    return this.trie.size;
  }
}

/** A set of topic prefixes. */
export class TopicSet extends Topics {
  /** Adds a topic; true when it was new. */
  add(topic: Uint8Array): boolean {
    if (this.trie.count(topic) > 0) return false;
    this.trie.add(topic);
    return true;
  }

  /** Removes a topic; true when it was there. */
  remove(topic: Uint8Array): boolean {
    return this.trie.remove(topic) === 0;
  }

  /** Forgets every topic. */
  clear(): void {
    this.trie.clear();
  }
}

/** Counted topic prefixes. */
export class TopicCounts extends Topics {
  /** Counts a subscription; true when the topic is new. */
  add(topic: Uint8Array): boolean {
    return this.trie.add(topic) === 1;
  }

  /** Uncounts a subscription; true when the last one went (the topic is gone). */
  remove(topic: Uint8Array): boolean {
    return this.trie.remove(topic) === 0;
  }
}
