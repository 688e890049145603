/**
 * Per-topic subscription counts for at most `limit` topics, so that a bus that sees millions of
 * topics keeps a small table and small reports. It keeps the topics with the most subscription
 * churn (subscribes plus unsubscribes): every event is counted in a fixed-size sketch
 * (count-sketch.ts), and a topic not kept yet takes the place of the least busy kept one once
 * its estimate passes that one's (TinyLFU's admission rule), so a stream of one-off topics
 * cannot push out the busy ones, and a topic that becomes busy late still gets in. A kept
 * topic's counts are exact from the moment it entered the table; what other topics saw is in
 * `other`, and `totals` are exact over every topic.
 */
import { CountSketch } from "./count-sketch.ts";

/** Subscriptions and unsubscriptions seen for one topic. */
export interface TopicCount {
  topic: string;
  subscribe: number;
  unsubscribe: number;
}

/** Counts that belong to no kept topic. */
export interface OtherTopics {
  subscribe: number;
  unsubscribe: number;
  /** Times a topic left the table for a busier one. */
  evictions: number;
}

/** The default number of topics kept. */
export const defaultTopicLimit = 100;

interface Entry extends TopicCount {
  /** Rank: the topic's estimated churn (the sketch's), at its last event. */
  rank: number;
  /** Position in the heap. */
  at: number;
}

/** A bounded table of topic counts. */
export class TopicTable {
  /** A min-heap by rank: the root is the entry a new topic replaces. */
  private readonly heap: Entry[] = [];
  private readonly byTopic = new Map<string, Entry>();
  private evictions = 0;
  private readonly sketch = new CountSketch();
  readonly totals = { subscribe: 0, unsubscribe: 0 };

  /** `limit`: topics kept (0 keeps none; every count is then in `other`). */
  constructor(readonly limit: number = defaultTopicLimit) {}

  /** Counts one subscription (or unsubscription) of `topic`. */
  count(topic: string, subscribe: boolean): void {
    if (subscribe) this.totals.subscribe++;
    else this.totals.unsubscribe++;
    if (this.limit <= 0) return;
    const rank = this.sketch.add(topic);
    let e = this.byTopic.get(topic);
    if (e === undefined) {
      if (this.heap.length >= this.limit && rank <= this.heap[0].rank) return;
      e = this.admit(topic);
    }
    if (subscribe) e.subscribe++;
    else e.unsubscribe++;
    e.rank = Math.max(e.rank, rank);
    this.down(e.at);
  }

  /** The kept topics, by name. */
  topics(): TopicCount[] {
    return [...this.heap]
      .sort((x, y) => (x.topic < y.topic ? -1 : x.topic > y.topic ? 1 : 0))
      .map((e) => ({ topic: e.topic, subscribe: e.subscribe, unsubscribe: e.unsubscribe }));
  }

  /** What the kept topics do not account for. */
  other(): OtherTopics {
    let subscribe = this.totals.subscribe;
    let unsubscribe = this.totals.unsubscribe;
    for (const e of this.heap) {
      subscribe -= e.subscribe;
      unsubscribe -= e.unsubscribe;
    }
    return { subscribe, unsubscribe, evictions: this.evictions };
  }

  private admit(topic: string): Entry {
    if (this.heap.length < this.limit) {
      const e: Entry = { topic, subscribe: 0, unsubscribe: 0, rank: 0, at: this.heap.length };
      this.heap.push(e);
      this.byTopic.set(topic, e);
      this.up(e.at);
      return e;
    }
    // The least busy entry's place; its rank stays until the caller raises it.
    const e = this.heap[0];
    this.byTopic.delete(e.topic);
    this.evictions++;
    e.topic = topic;
    e.subscribe = 0;
    e.unsubscribe = 0;
    this.byTopic.set(topic, e);
    return e;
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].rank <= h[i].rank) return;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l].rank < h[m].rank) m = l;
      if (r < h.length && h[r].rank < h[m].rank) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(i: number, j: number): void {
    const h = this.heap;
    [h[i], h[j]] = [h[j], h[i]];
    h[i].at = i;
    h[j].at = j;
  }
}
