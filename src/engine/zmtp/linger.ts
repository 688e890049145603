/**
 * Linger on close: what was sent before close() still goes out. Connections with queued
 * messages keep writing them, and connectors whose pipe holds messages (connect, send, close
 * before the connection was up) keep dialling, until all is delivered or the linger time runs
 * out; then everything left is destroyed. The process is held up only while this lasts, and
 * zmqdiag's default linger is bounded (1000 ms), so closing never hangs a process for long.
 */
import { clearTimeout, setTimeout } from "node:timers";
import type { Connection } from "./connection.ts";
import type { Connector } from "./connector.ts";
import { holdProcess } from "./keep-alive.ts";
import type { Pipe } from "./pipe.ts";

/**
 * At close(): connectors whose pipe holds messages but is not connected keep dialling; ready
 * connections with something left to write drain; every other connection closes at once.
 */
export function startLinger(ms: number, connectors: Map<Connector, Pipe>, connections: Iterable<Connection>, connectorOf: Map<Connection, Connector>): Linger {
  const linger = new Linger(ms);
  for (const [c, pipe] of connectors) {
    if (pipe.out.length > 0 && !pipe.live && ms !== 0) linger.addConnector(c);
    else c.stop();
  }
  for (const conn of [...connections]) {
    const connector = connectorOf.get(conn);
    if (connector && linger.has(connector)) continue;
    const hasData = conn.pipe !== null && (conn.pipe.out.length > 0 || conn.output.unsent > 0);
    if (hasData && ms !== 0 && conn.state === "ready") linger.addConnection(conn);
    else conn.close(false);
  }
  return linger;
}

/** One close()'s lingering connections and connectors. */
export class Linger {
  private readonly conns = new Set<Connection>();
  private readonly connectors = new Set<Connector>();
  private release: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `ms`: how long to keep going; -1 for as long as it takes. */
  constructor(private readonly ms: number) {}

  /** True while `c` is kept dialling for its queued messages. */
  has(c: Connector): boolean {
    return this.connectors.has(c);
  }

  /** Lets `conn` finish writing, then half-close. */
  addConnection(conn: Connection): void {
    this.start();
    this.conns.add(conn);
    conn.stream.once("close", () => {
      this.conns.delete(conn);
      this.check();
    });
    conn.close(true);
  }

  /** Keeps `c` dialling until its connection is up (see `handOver`). */
  addConnector(c: Connector): void {
    this.start();
    this.connectors.add(c);
  }

  /** The lingering connector's connection completed its handshake: it now drains and closes. */
  handOver(c: Connector, conn: Connection): void {
    this.connectors.delete(c);
    c.stop();
    this.addConnection(conn);
  }

  private start(): void {
    if (this.release) return;
    this.release = holdProcess();
    if (this.ms > 0) this.timer = setTimeout(() => this.expire(), this.ms);
  }

  private expire(): void {
    for (const c of this.connectors) c.stop();
    for (const conn of this.conns) conn.stream.destroy();
    this.connectors.clear();
    this.conns.clear();
    this.check();
  }

  private check(): void {
    if (this.conns.size > 0 || this.connectors.size > 0 || !this.release) return;
    if (this.timer) clearTimeout(this.timer);
    this.release();
    this.release = null;
  }
}
