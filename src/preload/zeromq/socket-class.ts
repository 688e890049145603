/**
 * The instrumented zeromq.js Socket: a subclass of the addon's own Socket, put in its place
 * before zeromq.js's classes extend it, so every Pull, Subscriber, ... of that copy is tracked
 * from its constructor on. Each method calls the original and returns what it returns and throws
 * what it throws. Receive and send, the hot path, go through io-slot.ts (the program gets
 * zeromq.js's own promise back); the rest through endpoint-calls.ts.
 */
import { thrownAtCall } from "./busy.ts";
import { captureSite } from "./call-site.ts";
import { bindCall, connectCall, disconnectCall, unbindCall } from "./endpoint-calls.ts";
import { callMade, makeSlot } from "./io-slot.ts";
import { watchObserver } from "./others.ts";
import type { SocketRecord } from "./records.ts";
import { addSocket, closeSocket, counts } from "./registry.ts";

// deno-lint-ignore no-explicit-any
type AnyClass = new (...args: any[]) => any;

const siteDepth = 8;
const collected = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry<SocketRecord>((rec) => closeSocket(rec))
  : undefined;

/** The zeromq.js class a socket's constructor belongs to (Pull even for a program's subclass of it). */
function zeromqClass(target: AnyClass, base: AnyClass): string {
  let c: AnyClass | null = target;
  while (c && Object.getPrototypeOf(c) !== base) c = Object.getPrototypeOf(c);
  return (c ?? target).name || "Socket";
}

/** A record for a new socket of class `cls` (undefined past the bound, or if anything fails). */
function record(socket: object, cls: string): SocketRecord | undefined {
  try {
    const rec = addSocket(cls, captureSite(siteDepth + 1));
    if (rec) {
      rec.io = { receive: makeSlot(rec, "receive"), send: makeSlot(rec, "send") };
      collected?.register(socket, rec);
    }
    return rec;
  } catch {
    counts.socketsUntracked++;
    return undefined;
  }
}

/** The instrumented subclass of the addon's Socket. */
export function instrumentSocket(Native: AnyClass): AnyClass {
  // A method called on something else (a primitive, another object) is left to the original.
  // No rest parameters in receive and send: an array per call is measurable on this path.
  class Socket extends Native {
    #rec: SocketRecord | undefined;
    static #of(x: unknown): SocketRecord | undefined {
      return typeof x === "object" && x !== null && #rec in x ? (x as Socket).#rec : undefined;
    }
    // deno-lint-ignore no-explicit-any
    constructor(...args: any[]) {
      super(...args);
      this.#rec = record(this, zeromqClass(new.target, Socket));
    }
    receive() {
      const rec = Socket.#of(this);
      if (rec?.io === undefined) return super.receive(...arguments);
      let promise;
      try {
        promise = arguments.length === 0 ? super.receive() : super.receive(...arguments);
      } catch (e) {
        thrownAtCall(rec, rec.io.receive, e);
        throw e;
      }
      return callMade(rec.io.receive, promise);
    }
    // deno-lint-ignore no-explicit-any
    send(message: any) {
      const rec = Socket.#of(this);
      if (rec?.io === undefined) return super.send(...arguments);
      let promise;
      try {
        promise = arguments.length === 1 ? super.send(message) : super.send(...arguments);
      } catch (e) {
        thrownAtCall(rec, rec.io.send, e);
        throw e;
      }
      return callMade(rec.io.send, promise);
    }
    // deno-lint-ignore no-explicit-any
    bind(address: any, ...rest: any[]) {
      const rec = Socket.#of(this);
      if (!rec) return super.bind(address, ...rest);
      return bindCall(rec, address, () => this.lastEndpoint, () => super.bind(address, ...rest));
    }
    // deno-lint-ignore no-explicit-any
    unbind(address: any, ...rest: any[]) {
      const rec = Socket.#of(this);
      return rec ? unbindCall(rec, address, () => super.unbind(address, ...rest)) : super.unbind(address, ...rest);
    }
    // deno-lint-ignore no-explicit-any
    connect(address: any, ...rest: any[]) {
      return connectCall(Socket.#of(this), address, () => super.connect(address, ...rest));
    }
    // deno-lint-ignore no-explicit-any
    disconnect(address: any, ...rest: any[]) {
      return disconnectCall(Socket.#of(this), address, () => super.disconnect(address, ...rest));
    }
    // deno-lint-ignore no-explicit-any
    close(...args: any[]) {
      const result = super.close(...args);
      const rec = Socket.#of(this);
      if (rec) closeSocket(rec);
      return result;
    }
    get events() {
      const observer = super.events;
      const rec = Socket.#of(this);
      try {
        if (rec && observer && typeof observer === "object") watchObserver(observer, rec);
      } catch {
        // not an object we can key on
      }
      return observer;
    }
  }
  return Socket;
}
