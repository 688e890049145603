/**
 * Linger on close: what was sent before close() still goes out. Connections with queued
 * messages keep writing them, and connectors whose pipe holds messages (connect, send, close
 * before the connection was up) keep dialling, until all is delivered or the linger time runs
 * out; then everything left is destroyed. The process is held up only while this lasts, and
 * zmqdiag's default linger is bounded (1000 ms), so closing never hangs a process for long.
 * What was destroyed is counted, per peer: the messages still queued or not wholly written.
 */
import { clearTimeout, setTimeout } from "node:timers";
import type { LingerOutcome } from "../types.ts";
import type { Connection } from "./connection.ts";
import type { Connector } from "./connector.ts";
import { holdProcess } from "./keep-alive.ts";
import type { Pipe } from "./pipe.ts";

/**
 * At close(): connectors whose pipe holds messages but is not connected keep dialling; ready
 * connections with something left to write drain; every other connection closes at once.
 */
export function startLinger(
  ms: number,
  connectors: Map<Connector, Pipe>,
  connections: Iterable<Connection>,
  connectorOf: Map<Connection, Connector>,
): Linger {
  const linger = new Linger(ms);
  for (const [c, pipe] of connectors) {
    if (pipe.out.length > 0 && !pipe.live && ms !== 0) {
      linger.addConnector(c, pipe);
      continue;
    }
    // A peer never reached: what waited for it is dropped now (a live pipe is counted with its connection).
    if (pipe.out.length > 0 && !pipe.live) linger.discarded(pipe.out.length);
    c.stop();
  }
  for (const conn of [...connections]) {
    const connector = connectorOf.get(conn);
    if (connector && linger.has(connector)) continue;
    const hasData = conn.pipe !== null && (conn.pipe.out.length > 0 || conn.output.unsent > 0);
    if (hasData && ms !== 0 && conn.state === "ready") {
      linger.addConnection(conn);
      continue;
    }
    if (conn.state === "ready") linger.discarded(conn.unsentMessages);
    conn.close(false);
  }
  linger.started();
  return linger;
}

/** One close()'s lingering connections and connectors. */
export class Linger {
  private readonly conns = new Set<Connection>();
  private readonly connectors = new Map<Connector, Pipe>();
  private release: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly perPeer: number[] = [];
  private settle!: (outcome: LingerOutcome) => void;
  private ready = false;
  /** Settles once the linger is over, with what it discarded. */
  readonly done: Promise<LingerOutcome> = new Promise((resolve) => (this.settle = resolve));

  /** `ms`: how long to keep going; -1 for as long as it takes. */
  constructor(private readonly ms: number) {}

  /** True while `c` is kept dialling for its queued messages. */
  has(c: Connector): boolean {
    return this.connectors.has(c);
  }

  /** Counts what one peer lost (0: everything went out). */
  discarded(messages: number): void {
    this.perPeer.push(messages);
  }

  /** Lets `conn` finish writing, then half-close. */
  addConnection(conn: Connection): void {
    this.start();
    this.conns.add(conn);
    conn.stream.once("close", () => {
      // Closed before the linger ran out: whatever is still unwritten went with it.
      if (this.conns.delete(conn)) this.discarded(conn.unsentMessages);
      this.check();
    });
    conn.close(true);
  }

  /** Keeps `c` dialling until its connection is up (see `handOver`). */
  addConnector(c: Connector, pipe: Pipe): void {
    this.start();
    this.connectors.set(c, pipe);
  }

  /** The lingering connector's connection completed its handshake: it now drains and closes. */
  handOver(c: Connector, conn: Connection): void {
    this.connectors.delete(c);
    c.stop();
    this.addConnection(conn);
  }

  /** Every connection and connector has been handed over: the linger may now end. */
  started(): void {
    this.ready = true;
    this.check();
  }

  private start(): void {
    if (this.release) return;
    this.release = holdProcess();
    if (this.ms > 0) this.timer = setTimeout(() => this.expire(), this.ms);
  }

  private expire(): void {
    for (const [c, pipe] of this.connectors) {
      this.discarded(pipe.out.length);
      c.stop();
    }
    for (const conn of this.conns) {
      this.discarded(conn.unsentMessages);
      conn.stream.destroy();
    }
    this.connectors.clear();
    this.conns.clear();
    this.check();
  }

  private check(): void {
    if (!this.ready || this.conns.size > 0 || this.connectors.size > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.release?.();
    this.release = null;
    this.settle({ discarded: this.perPeer.reduce((a, n) => a + n, 0), perPeer: [...this.perPeer] });
  }
}
