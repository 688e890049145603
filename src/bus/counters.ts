/**
 * What the bus counts itself (messages and bytes each way, subscriptions per topic), joined with
 * what the engine counts on its two sockets (peers, drops, faults). An engine's `null` stays
 * `null` here: "not measurable" is never turned into a 0.
 */
import type { Buffer } from "node:buffer";
import type { Forwarding, SocketCounters, ZSocket } from "../engine/types.ts";
import type { Subscription } from "../engine/subscription-message.ts";
import { messageBytes } from "../engine/message-bytes.ts";
import { topicText } from "./topic-text.ts";
import { type OtherTopics, type TopicCount, TopicTable } from "./topic-table.ts";

export type { TopicCount } from "./topic-table.ts";

/** Messages and bytes through one direction of the bus. */
export interface Flow {
  messages: number;
  bytes: number;
}

/** The engine's view of one of the bus's sockets. */
export interface SocketView {
  peers: number | null;
  drops: number | null;
  connects: number | null;
  disconnects: number | null;
  handshakeFailures: number | null;
  protocolErrors: number | null;
}

/** The bus's counters at one moment. */
export interface BusStats {
  elapsedMs: number;
  /** Publishers to subscribers (frontend to backend). */
  down: Flow;
  /** Subscriptions to publishers (backend to frontend). */
  up: Flow;
  /** Messages received by the backend that were not subscription messages (forwarded up all the same). */
  upOther: number;
  /** The topics with the most subscription churn (at most `topicLimit`), by name. */
  topics: TopicCount[];
  /** How many topics `topics` may hold. */
  topicLimit: number;
  /** Subscriptions and unsubscriptions over every topic. */
  topicTotals: { subscribe: number; unsubscribe: number };
  /** What `topics` does not account for: other topics, and kept topics before they were kept. */
  otherTopics: OtherTopics;
  /** Publishers connected now (frontend peers); null when the engine cannot tell. */
  publishers: number | null;
  /** Subscribers connected now (backend peers); null when the engine cannot tell. */
  subscribers: number | null;
  /** Messages dropped at a high-water mark by either socket; null when not measurable. */
  drops: number | null;
  frontend: SocketView;
  backend: SocketView;
}

function view(socket: ZSocket | undefined): SocketView {
  let c: SocketCounters | undefined;
  try {
    c = socket && !socket.closed ? socket.counters() : undefined;
  } catch {
    c = undefined;
  }
  return {
    peers: c?.peers ?? null,
    drops: c?.drops ?? null,
    connects: c?.connects ?? null,
    disconnects: c?.disconnects ?? null,
    handshakeFailures: c?.handshakeFailures ?? null,
    protocolErrors: c?.protocolErrors ?? null,
  };
}

/** The bus's own counters; `stats()` adds the engine's. */
export class BusCounters {
  /** What the down loop forwarded (where the engine does not forward by itself). */
  private readonly downLoop: Flow = { messages: 0, bytes: 0 };
  readonly up: Flow = { messages: 0, bytes: 0 };
  upOther = 0;
  private readonly topics: TopicTable;
  private readonly started = Date.now();
  /** The engine's forwarding of the down direction, whose counts add to `down`. */
  private downEngine: Pick<Forwarding, "messages" | "bytes"> | null = null;
  /** The last engine views, kept so that a summary after close still has them. */
  private last: { frontend: SocketView; backend: SocketView } | undefined;

  /** `topicLimit`: how many topics get their own counts (the busiest by subscription churn). */
  constructor(topicLimit?: number) {
    this.topics = new TopicTable(topicLimit);
  }

  /** A message went down. */
  forwardedDown(message: Buffer[]): void {
    this.downLoop.messages++;
    this.downLoop.bytes += messageBytes(message);
  }

  /** Messages and bytes forwarded down so far, by the loop and by the engine. */
  get down(): Flow {
    const e = this.downEngine;
    return e
      ? { messages: this.downLoop.messages + e.messages, bytes: this.downLoop.bytes + e.bytes }
      : { ...this.downLoop };
  }

  /** The engine forwards the down direction itself (forward()); its counts are read at stats(). */
  forwardingDown(f: Pick<Forwarding, "messages" | "bytes">): void {
    this.downEngine = f;
  }

  /** A message went up; `sub` is its decoding, when it is a subscription. */
  forwardedUp(message: Buffer[], sub: Subscription | undefined): void {
    this.up.messages++;
    this.up.bytes += messageBytes(message);
    if (!sub) {
      this.upOther++;
      return;
    }
    this.topics.count(topicText(sub.topic), sub.subscribe);
  }

  /** Counters now; reads the engine's counters of the sockets while they are open. */
  stats(frontend?: ZSocket, backend?: ZSocket): BusStats {
    const f = frontend && !frontend.closed ? view(frontend) : this.last?.frontend ?? view(undefined);
    const b = backend && !backend.closed ? view(backend) : this.last?.backend ?? view(undefined);
    this.last = { frontend: f, backend: b };
    return {
      elapsedMs: Date.now() - this.started,
      down: this.down,
      up: { ...this.up },
      upOther: this.upOther,
      topics: this.topics.topics(),
      topicLimit: this.topics.limit,
      topicTotals: { ...this.topics.totals },
      otherTopics: this.topics.other(),
      publishers: f.peers,
      subscribers: b.peers,
      drops: f.drops === null || b.drops === null ? null : f.drops + b.drops,
      frontend: f,
      backend: b,
    };
  }
}
