/**
 * A real zmtp socket with one connection over an in-memory stream (memory-stream.ts) and a fake
 * clock (fake-timers.ts): the socket, connection, decoder and encoder are the engine's own;
 * only the bytes and the time are the test's.
 */
import type { SocketEvent, SocketOptions, SocketType } from "../../../../src/engine/types.ts";
import { createZmtpEngine } from "../../../../src/engine/zmtp/index.ts";
import { SocketBase } from "../../../../src/engine/zmtp/socket-base.ts";
import { FakeTimers } from "./fake-timers.ts";
import { MemoryStream } from "./memory-stream.ts";

const engine = createZmtpEngine();

/** The socket, its in-memory peer stream, the clock, and every event the socket emitted. */
export interface MemorySocket {
  socket: SocketBase;
  stream: MemoryStream;
  clock: FakeTimers;
  events: SocketEvent[];
}

/**
 * A zmtp socket of `type` whose one connection runs over `stream` (a fresh MemoryStream by
 * default) on its own fake clock; linger 0 unless set.
 */
export function memorySocket(
  type: SocketType,
  options: SocketOptions = {},
  stream: MemoryStream = new MemoryStream(),
): MemorySocket {
  const socket = engine.socket(type, { linger: 0, ...options });
  if (!(socket instanceof SocketBase)) throw new Error("the zmtp engine made a socket that is not a SocketBase");
  const events: SocketEvent[] = [];
  socket.onEvent((e) => events.push(e));
  const clock = new FakeTimers();
  socket.adopt(stream, "memory://peer", null, clock);
  return { socket, stream, clock, events };
}

/** Events as [type, code] pairs, for exact comparison. */
export function eventCodes(events: SocketEvent[]): Array<[string, string]> {
  return events.map((e) => [e.type, "code" in e ? e.code : ""]);
}
