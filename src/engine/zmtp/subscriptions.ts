/**
 * Topic prefixes. `TopicSet` is a publisher's per-peer set (subscribing twice is one entry,
 * as in libzmq's mtrie); `TopicCounts` is a subscriber's counted list (two subscribes need two
 * unsubscribes, as in libzmq's trie). Matching is a byte-prefix test on the first frame.
 */
import { Buffer } from "node:buffer";

function key(topic: Uint8Array): string {
  return Buffer.from(topic.buffer, topic.byteOffset, topic.length).toString("latin1");
}

/** True when the bytes `data[at, at + len)` start with one of the topics (no view of them is made). */
function matchAnyAt(topics: Map<string, Buffer>, everything: boolean, data: Uint8Array, at: number, len: number): boolean {
  if (everything) return true;
  for (const t of topics.values()) {
    if (t.length <= len && t.compare(data, at, at + t.length) === 0) return true;
  }
  return false;
}

/** A set of topic prefixes. */
export class TopicSet {
  private readonly topics = new Map<string, Buffer>();

  /** Adds a topic; true when it was new. */
  add(topic: Uint8Array): boolean {
    const k = key(topic);
    if (this.topics.has(k)) return false;
    this.topics.set(k, Buffer.from(topic));
    return true;
  }

  /** Removes a topic; true when it was there. */
  remove(topic: Uint8Array): boolean {
    return this.topics.delete(key(topic));
  }

  /** True when the topic is in the set. */
  has(topic: Uint8Array): boolean {
    return this.topics.has(key(topic));
  }

  /** True when `data` starts with one of the topics. */
  matches(data: Uint8Array): boolean {
    return matchAnyAt(this.topics, this.topics.has(""), data, 0, data.length);
  }

  /** True when the empty topic is in the set: everything matches. */
  get everything(): boolean {
    return this.topics.has("");
  }

  /** True when the bytes `data[at, at + len)` start with one of the topics. */
  matchesAt(data: Buffer, at: number, len: number): boolean {
    return matchAnyAt(this.topics, this.topics.has(""), data, at, len);
  }

  /** Every topic. */
  list(): Buffer[] {
    return [...this.topics.values()];
  }

  /** Forgets every topic. */
  clear(): void {
    this.topics.clear();
  }

  get size(): number {
    return this.topics.size;
  }
}

/** Counted topic prefixes. */
export class TopicCounts {
  private readonly topics = new Map<string, Buffer>();
  private readonly counts = new Map<string, number>();

  /** Counts a subscription; true when the topic is new. */
  add(topic: Uint8Array): boolean {
    const k = key(topic);
    const n = this.counts.get(k) ?? 0;
    this.counts.set(k, n + 1);
    if (n === 0) this.topics.set(k, Buffer.from(topic));
    return n === 0;
  }

  /** Uncounts a subscription; true when the last one went (the topic is gone). */
  remove(topic: Uint8Array): boolean {
    const k = key(topic);
    const n = this.counts.get(k);
    if (n === undefined) return false;
    if (n > 1) {
      this.counts.set(k, n - 1);
      return false;
    }
    this.counts.delete(k);
    this.topics.delete(k);
    return true;
  }

  /** True when `data` starts with one of the topics. */
  matches(data: Uint8Array): boolean {
    return matchAnyAt(this.topics, this.counts.has(""), data, 0, data.length);
  }

  /** True when the empty topic is subscribed: everything matches. */
  get everything(): boolean {
    return this.counts.has("");
  }

  /** True when the bytes `data[at, at + len)` start with one of the topics. */
  matchesAt(data: Buffer, at: number, len: number): boolean {
    return matchAnyAt(this.topics, this.counts.has(""), data, at, len);
  }

  /** Every distinct topic (what a reconnect re-sends). */
  list(): Buffer[] {
    return [...this.topics.values()];
  }
}
