/** Helpers of the engine contract suite: sockets closed after each test, bounded receives, slow-joiner waits. */
import assert from "node:assert/strict";
import type { Buffer } from "node:buffer";
import type { Engine, FrameInput, SocketOptions, SocketType, ZSocket } from "../../../src/engine/types.ts";

/** A loopback bind on a port the OS picks. */
export const anyPort = "tcp://127.0.0.1:0";

/** Sockets made for one test, all closed at its end. */
export class Sockets {
  private readonly open: ZSocket[] = [];
  constructor(private readonly engine: Engine) {}

  /** A socket with linger 0 unless the test says otherwise. */
  make(type: SocketType, options: SocketOptions = {}): ZSocket {
    const s = this.engine.socket(type, { linger: 0, ...options });
    this.open.push(s);
    return s;
  }

  /** A bound socket and a socket connected to it, with the endpoint. */
  async pair(
    bindType: SocketType,
    connectType: SocketType,
    options: SocketOptions = {},
  ): Promise<[ZSocket, ZSocket, string]> {
    const bound = this.make(bindType, options);
    const endpoint = await bound.bind(anyPort);
    const connected = this.make(connectType, options);
    await connected.connect(endpoint);
    return [bound, connected, endpoint];
  }

  closeAll(): void {
    for (const s of this.open) if (!s.closed) s.close();
    this.open.length = 0;
  }
}

/** Runs `body` with a Sockets that is emptied afterwards, whatever happens. */
export async function withSockets(engine: Engine, body: (s: Sockets) => Promise<void>): Promise<void> {
  const s = new Sockets(engine);
  try {
    await body(s);
  } finally {
    s.closeAll();
  }
}

/** Receives one message, failing (never hanging) after `ms`. */
export async function recv(socket: ZSocket, ms = 5000): Promise<Buffer[]> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(new Error(`no message within ${ms} ms`)), ms);
  try {
    return await socket.receive({ signal: ac.signal });
  } finally {
    clearTimeout(timer);
  }
}

/** A message received as strings. */
export async function recvText(socket: ZSocket, ms = 5000): Promise<string[]> {
  return (await recv(socket, ms)).map((f) => f.toString());
}

/** Resolves with a message, or undefined when none came within `ms`. */
export async function tryRecv(socket: ZSocket, ms: number): Promise<Buffer[] | undefined> {
  try {
    return await recv(socket, ms);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith("no message within")) return undefined;
    throw e;
  }
}

/**
 * Waits until `receiver` gets what `sender` publishes on `topic` (PUB/SUB slow joiner): sends
 * numbered probes until one arrives, then reads up to the last probe sent, so none is left over.
 */
export async function awaitSubscribed(
  sender: ZSocket,
  receiver: ZSocket,
  topic: FrameInput,
  limitMs = 5000,
): Promise<void> {
  const started = Date.now();
  for (let i = 0; Date.now() - started < limitMs; i++) {
    await sender.send([topic, `probe ${i}`]);
    let got = await tryRecv(receiver, 20);
    if (!got) continue;
    while (got[1]?.toString() !== `probe ${i}`) got = await recv(receiver, 2000);
    return;
  }
  throw new Error(`subscription to "${String(topic)}" not effective after ${limitMs} ms`);
}

/** Bytes 0, 1, 2, ... (mod 251) of length `n`, so that a misplaced byte shows. */
export function pattern(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = i % 251;
  return b;
}

/** Resolves with the error a promise rejects with; fails when it resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error("expected a rejection, got a resolution");
}

/**
 * Sends "0".."total-1" through `push`, paced, while `take` receives with a signal aborted at a
 * random moment each time (at once, or after 0, 1 or 2 macrotasks: before, during and after
 * arrivals). Returns the numbers received, in order, and how many takes were aborted. Bounded
 * to 10 s of taking.
 */
export async function receiveThroughAborts(
  push: ZSocket,
  take: (signal: AbortSignal, k: number) => Promise<Buffer[][]>,
  total = 300,
): Promise<{ got: number[]; aborts: number }> {
  const sending = (async () => {
    for (let i = 0; i < total; i++) {
      await push.send(String(i));
      // Pacing, not waiting: a macrotask now and then lets arrivals interleave with the aborts.
      if (i % 7 === 0) await new Promise((r) => setTimeout(r, 0));
    }
  })();
  const got: number[] = [];
  let aborts = 0;
  const started = Date.now();
  for (let k = 0; got.length < total && Date.now() - started < 10_000; k++) {
    const ac = new AbortController();
    const wait = k % 4;
    const p = take(ac.signal, k);
    if (wait === 3) ac.abort();
    else setTimeout(() => ac.abort(), wait);
    try {
      for (const m of await p) got.push(Number(m[0].toString()));
    } catch (e) {
      assert.equal((e as Error).name, "AbortError");
      aborts++;
    }
  }
  await sending;
  return { got, aborts };
}
