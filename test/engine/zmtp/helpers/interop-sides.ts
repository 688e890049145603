/**
 * The two sides of an interop test: a zmtp socket, or a real libzmq socket through zeromq.js
 * (used directly, not through the native engine, so that libzmq is the judge). zeromq.js runs
 * only under Node here; no positive receiveTimeout is ever set on it (waits are JS timers).
 */
import type { Buffer } from "node:buffer";
import type { Engine, FrameInput, SocketOptions, SocketType } from "../../../../src/engine/types.ts";
import { zeromqClassNames } from "../../../../src/engine/native/create-socket.ts";
import { runtimeName } from "../../../../src/runtime/runtime-name.ts";
import { sleep, within } from "./bounded.ts";

type Zeromq = typeof import("zeromq");

/** What a test does with either side. */
export interface Side {
  readonly label: string;
  bind(endpoint: string): Promise<string>;
  connect(endpoint: string): Promise<void>;
  send(message: FrameInput | FrameInput[]): Promise<void>;
  receive(): Promise<Buffer[]>;
  subscribe(topic: string): void;
  close(): void;
  /** libzmq sides made with `watchHandshakes`: resolves at the next completed handshake. */
  nextHandshake?(ms: number): Promise<void>;
}

/** zeromq.js, or why interop cannot run here. */
export async function loadZeromqOrSkip(): Promise<{ zmq: Zeromq; skip: false } | { zmq: undefined; skip: string }> {
  if (runtimeName() !== "node") {
    return {
      zmq: undefined,
      skip:
        `interop with libzmq uses zeromq.js, which runs only under Node here (on ${runtimeName()} it crashes or hangs; see the README's Engines section)`,
    };
  }
  try {
    return { zmq: await import("zeromq"), skip: false };
  } catch (e) {
    return { zmq: undefined, skip: `zeromq.js cannot be loaded: ${(e as Error).message}` };
  }
}

/**
 * A libzmq socket of `type` (linger 0), as a Side. With `watchHandshakes` it records handshakes
 * (zeromq.js's observer; its pending read ends when the socket closes).
 */
export function libzmqSide(
  zmq: Zeromq,
  type: SocketType,
  options: Record<string, unknown> = {},
  watchHandshakes = false,
): Side {
  const Cls = zmq[zeromqClassNames[type]] as unknown as new (o: Record<string, unknown>) => import("zeromq").Socket & {
    lastEndpoint: string | null;
    subscribe?(t: string): void;
  };
  const s = new Cls({ linger: 0, ...options });
  const events = watchHandshakes ? s.events : undefined;
  return {
    nextHandshake: events && (async (ms: number) => {
      for (let i = 0; i < 100; i++) {
        const e = await within(events.receive(), ms, `a handshake on libzmq ${type}`);
        if (e.type === "handshake") return;
      }
    }),
    label: `libzmq ${type}`,
    async bind(ep) {
      await s.bind(ep);
      return s.lastEndpoint!;
    },
    async connect(ep) {
      s.connect(ep);
    },
    send: (m) => (s as unknown as { send(m: unknown): Promise<void> }).send(m),
    receive() {
      const p = (s as unknown as { receive(): Promise<Buffer[]> }).receive();
      p.catch(() => {}); // settles with EAGAIN when the test closes the socket
      return p;
    },
    subscribe: (t) => s.subscribe!(t),
    close: () => s.close(),
  };
}

/** A zmtp socket of `type` (linger 0), as a Side. */
export function zmtpSide(engine: Engine, type: SocketType, options: SocketOptions = {}): Side {
  const s = engine.socket(type, { linger: 0, ...options });
  return {
    label: `zmtp ${type}`,
    bind: (ep) => s.bind(ep),
    connect: (ep) => s.connect(ep),
    send: (m) => s.send(m),
    receive() {
      const p = s.receive();
      p.catch(() => {});
      return p;
    },
    subscribe: (t) => s.subscribe(t),
    close: () => s.close(),
  };
}

/** Binds `binder` on an OS-chosen loopback port and connects `connector` to it. */
export async function link(binder: Side, connector: Side): Promise<string> {
  const ep = await within(binder.bind("tcp://127.0.0.1:0"), 3000, `${binder.label} to bind`);
  await within(connector.connect(ep), 3000, `${connector.label} to connect`);
  return ep;
}

/**
 * Sends `probe` every 20 ms (each send bounded) until `receiver` gets a message that `accept`
 * takes (others, such as probes of an earlier round, are dropped); returns it. For
 * subscriptions and reconnections, whose moment of effect nobody can observe directly.
 */
export async function sendUntilReceived(
  sender: Side,
  receiver: Side,
  probe: FrameInput[],
  ms = 5000,
  accept: (m: Buffer[]) => boolean = () => true,
): Promise<Buffer[]> {
  const deadline = Date.now() + ms;
  let result: Buffer[] | undefined;
  let failure: unknown;
  const receiveNext = (): void => {
    receiver.receive().then(
      (m) => {
        if (accept(m)) result = m;
        else if (Date.now() < deadline) receiveNext();
      },
      (e) => {
        failure = e;
      },
    );
  };
  receiveNext();
  const waiting = () => result === undefined && failure === undefined;
  for (let i = 0; waiting() && Date.now() < deadline && i < 10_000; i++) {
    await within(sender.send(probe), 2000, `${sender.label} to send a probe`);
    await sleep(20);
  }
  for (let i = 0; waiting() && i < 20; i++) await sleep(10);
  if (failure !== undefined) throw failure;
  if (result === undefined) throw new Error(`${receiver.label} received no probe from ${sender.label} within ${ms} ms`);
  return result;
}

/** Runs `fn` with sides that are closed afterwards, whatever happens. */
export async function withSides<T>(sides: Side[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    for (const s of sides) {
      try {
        s.close();
      } catch {
        // already closed
      }
    }
  }
}
