/**
 * A registry of open sockets and pending operations, so that a hang can say what was still
 * pending (which socket, which operation, since when). Engines know nothing of it: `track()`
 * wraps any socket. Code that waits on something other than a socket (a worker, a channel)
 * records it with `pending()`.
 */
import type { Buffer } from "node:buffer";
import type { FrameInput, ReceiveOptions, ZSocket } from "./types.ts";

/** The socket each tracked wrapper stands for, so that forward() can hand the engine its own. */
const wrapped = new WeakMap<ZSocket, ZSocket>();

/** The engine's socket behind a tracked one (itself when not tracked). */
function inner(socket: ZSocket): ZSocket {
  return wrapped.get(socket) ?? socket;
}

/** An operation that has started and not settled. */
export interface PendingOperation {
  /** What is waiting, e.g. "pull#2 (tcp://127.0.0.1:5556)" or "worker subscriber". */
  owner: string;
  /** What it waits for, e.g. "receive". */
  operation: string;
  /** When it started, ms since the epoch. */
  since: number;
}

/**
 * A pending operation as every report shows it (bus's and repro's `hang`, in JSON and text):
 * when it started as an ISO time, and how long it had been pending when reported.
 */
export interface PendingReport {
  owner: string;
  operation: string;
  /** ISO time it started. */
  since: string;
  /** How long it had been pending at the report. */
  pendingMs: number;
}

/** `op` as reported at `at` (ms since the epoch). */
export function pendingReport(op: PendingOperation, at: number): PendingReport {
  return {
    owner: op.owner,
    operation: op.operation,
    since: new Date(op.since).toISOString(),
    pendingMs: Math.max(0, at - op.since),
  };
}

/** A socket that is open. */
export interface OpenSocket {
  label: string;
  engine: string;
  type: string;
  endpoints: string[];
  since: number;
}

/** What the registry holds at one moment. */
export interface RegistrySnapshot {
  at: number;
  sockets: OpenSocket[];
  pending: PendingOperation[];
}

/** Open sockets and pending operations of one thread. */
export class Registry {
  private nextId = 1;
  private readonly sockets = new Map<number, OpenSocket>();
  private readonly ops = new Map<number, PendingOperation>();

  /** Records an operation until the returned function is called. */
  pending(owner: string, operation: string): () => void {
    const id = this.nextId++;
    this.ops.set(id, { owner, operation, since: Date.now() });
    return () => {
      this.ops.delete(id);
    };
  }

  /**
   * Wraps a socket so that its life and its pending send/receive are recorded here. Every
   * method delegates, the optional ones (forward, consume, lingered) only where the socket has them.
   */
  track(socket: ZSocket, name?: string): ZSocket {
    const id = this.nextId++;
    const entry: OpenSocket = {
      label: `${name ?? socket.type}#${id}`,
      engine: socket.engine,
      type: socket.type,
      endpoints: [],
      since: Date.now(),
    };
    this.sockets.set(id, entry);
    const label = () => (entry.endpoints.length ? `${entry.label} (${entry.endpoints.join(", ")})` : entry.label);
    const watch = <T>(operation: string, p: Promise<T>): Promise<T> => {
      const done = this.pending(label(), operation);
      p.then(done, done);
      return p;
    };
    const sockets = this.sockets;
    const tracked: ZSocket = {
      get type() {
        return socket.type;
      },
      get engine() {
        return socket.engine;
      },
      get closed() {
        return socket.closed;
      },
      async bind(ep: string) {
        const actual = await socket.bind(ep);
        entry.endpoints.push(`bind ${actual}`);
        return actual;
      },
      async connect(ep: string) {
        entry.endpoints.push(`connect ${ep}`);
        await socket.connect(ep);
      },
      send: (m: FrameInput | FrameInput[]) => watch("send", socket.send(m)),
      sendNow: (m: FrameInput | FrameInput[]) => socket.sendNow(m),
      receive: (o?: ReceiveOptions): Promise<Buffer[]> => watch("receive", socket.receive(o)),
      receiveBatch: (max: number, o?: ReceiveOptions): Promise<Buffer[][]> =>
        watch("receive", socket.receiveBatch(max, o)),
      subscribe: (t?: FrameInput) => socket.subscribe(t),
      unsubscribe: (t?: FrameInput) => socket.unsubscribe(t),
      close() {
        sockets.delete(id);
        socket.close();
      },
      counters: () => socket.counters(),
      onEvent: (l) => socket.onEvent(l),
    };
    if (socket.forward) {
      const forward = socket.forward.bind(socket);
      tracked.forward = (to: ZSocket) => forward(inner(to));
    }
    if (socket.consume) tracked.consume = socket.consume.bind(socket);
    if (socket.lingered) tracked.lingered = socket.lingered.bind(socket);
    wrapped.set(tracked, socket);
    return tracked;
  }

  /** A copy of what is open and pending now, oldest first. */
  snapshot(): RegistrySnapshot {
    return {
      at: Date.now(),
      sockets: [...this.sockets.values()].map((s) => ({ ...s, endpoints: [...s.endpoints] })),
      pending: [...this.ops.values()].sort((a, b) => a.since - b.since).map((o) => ({ ...o })),
    };
  }
}

/** The registry of this thread. */
export const registry = new Registry();
