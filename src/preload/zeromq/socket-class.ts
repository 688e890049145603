/**
 * The instrumented zeromq.js Socket: a subclass of the addon's own Socket, put in its place
 * before zeromq.js's classes extend it, so every Pull, Subscriber, ... of that copy is tracked
 * from its constructor on. Each method calls the original and returns what it returns (a
 * promise settling the same way, see operations.ts) and throws what it throws. Receive and send
 * go through io-slot.ts, which keeps their cost to a promise and a few counters.
 */
import { captureSite, siteText } from "./call-site.ts";
import { opName } from "./describe.ts";
import { reportFinding } from "./findings.ts";
import { watchObserver } from "./others.ts";
import { callMade, type IoSlot, makeSlot, pendingCall } from "./io-slot.ts";
import { contextText, follow, tagReason } from "./operations.ts";
import {
  addEndpoint,
  addSocket,
  closeSocket,
  counts,
  type OpKind,
  type PendingOp,
  removeEndpoint,
  type SocketRecord,
} from "./registry.ts";

// deno-lint-ignore no-explicit-any
type AnyClass = new (...args: any[]) => any;

const siteDepth = 8;
const collected = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry<SocketRecord>((rec) => closeSocket(rec))
  : undefined;

function busy(rec: SocketRecord, kind: OpKind, slot: IoSlot, error: unknown): void {
  try {
    reportBusy(rec, kind, slot, error);
  } catch {
    // never throw into the program: its own EBUSY goes on
  }
}

function reportBusy(rec: SocketRecord, kind: OpKind, slot: IoSlot, error: unknown): void {
  const pending: PendingOp | undefined = pendingCall(slot);
  const failed: PendingOp = { kind, since: performance.now(), site: captureSite(siteDepth), waits: false };
  const created = siteText(rec.created);
  const before = pending
    ? `the ${opName(pending)} called at ${siteText(pending.site)} was still pending`
    : `another ${kind} was still pending`;
  reportFinding(
    "concurrent-operation",
    `${rec.cls} created at ${created}: ${opName(failed)} called at ${
      siteText(failed.site)
    } while ${before} (EBUSY: one ${kind} at a time per socket)`,
    {
      socket: rec.cls,
      created,
      operation: opName(failed),
      site: siteText(failed.site),
      pendingSite: pending ? siteText(pending.site) : null,
    },
  );
  tagReason(error, () => `${contextText(rec, failed)}, while ${before}`);
}

function isBusy(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "EBUSY";
}

/** The zeromq.js class a socket's constructor belongs to (Pull even for a program's subclass of it). */
function zeromqClass(target: AnyClass, base: AnyClass): string {
  let c: AnyClass | null = target;
  while (c && Object.getPrototypeOf(c) !== base) c = Object.getPrototypeOf(c);
  return (c ?? target).name || "Socket";
}

/** The instrumented subclass of the addon's Socket. */
export function instrumentSocket(Native: AnyClass): AnyClass {
  class Socket extends Native {
    #rec: SocketRecord | undefined;

    // A method called on something else (a primitive, another object) is left to the original.
    static #ours(x: unknown): x is Socket {
      return typeof x === "object" && x !== null && #rec in x;
    }
    // deno-lint-ignore no-explicit-any
    constructor(...args: any[]) {
      super(...args);
      try {
        const rec = addSocket(zeromqClass(new.target, Socket), captureSite(siteDepth));
        if (rec) {
          rec.io = { receive: makeSlot(rec, "receive"), send: makeSlot(rec, "send") };
          collected?.register(this, rec);
        }
        this.#rec = rec;
      } catch {
        counts.socketsUntracked++;
      }
    }

    // The receive/send pair: the hot path.
    // No rest parameters here: an array per call is measurable on this path.
    receive() {
      const rec = Socket.#ours(this) ? this.#rec : undefined;
      if (!rec?.io) return super.receive(...arguments);
      let promise;
      try {
        promise = arguments.length === 0 ? super.receive() : super.receive(...arguments);
      } catch (e) {
        if (isBusy(e)) busy(rec, "receive", rec.io.receive, e);
        throw e;
      }
      return promise instanceof Promise ? callMade(rec.io.receive, promise) : promise;
    }

    // deno-lint-ignore no-explicit-any
    send(message: any) {
      const rec = Socket.#ours(this) ? this.#rec : undefined;
      if (!rec?.io) return super.send(...arguments);
      let promise;
      try {
        promise = arguments.length === 1 ? super.send(message) : super.send(...arguments);
      } catch (e) {
        if (isBusy(e)) busy(rec, "send", rec.io.send, e);
        throw e;
      }
      return promise instanceof Promise ? callMade(rec.io.send, promise) : promise;
    }

    // deno-lint-ignore no-explicit-any
    bind(address: any, ...rest: any[]) {
      const rec = Socket.#ours(this) ? this.#rec : undefined;
      if (!rec) return super.bind(address, ...rest);
      const site = captureSite(siteDepth);
      const promise = super.bind(address, ...rest);
      if (!(promise instanceof Promise)) return promise;
      const bound = promise.then(() => {
        let actual = String(address);
        try {
          if (/:(0|\*)$/.test(actual) && this.lastEndpoint) actual = this.lastEndpoint;
        } catch {
          // keep the address as given
        }
        addEndpoint(rec, { how: "bind", address: actual, site });
      });
      bound.catch(() => {});
      return follow(rec, { kind: "bind", since: performance.now(), site, waits: false }, promise);
    }

    // deno-lint-ignore no-explicit-any
    unbind(address: any, ...rest: any[]) {
      const rec = Socket.#ours(this) ? this.#rec : undefined;
      if (!rec) return super.unbind(address, ...rest);
      const promise = super.unbind(address, ...rest);
      if (!(promise instanceof Promise)) return promise;
      promise.then(() => removeEndpoint(rec, "bind", String(address)), () => {});
      return follow(
        rec,
        { kind: "unbind", since: performance.now(), site: captureSite(siteDepth), waits: false },
        promise,
      );
    }

    // deno-lint-ignore no-explicit-any
    connect(address: any, ...rest: any[]) {
      const result = super.connect(address, ...rest);
      const rec = Socket.#ours(this) ? this.#rec : undefined;
      if (rec) addEndpoint(rec, { how: "connect", address: String(address), site: captureSite(siteDepth) });
      return result;
    }

    // deno-lint-ignore no-explicit-any
    disconnect(address: any, ...rest: any[]) {
      const result = super.disconnect(address, ...rest);
      const rec = Socket.#ours(this) ? this.#rec : undefined;
      if (rec) removeEndpoint(rec, "connect", String(address));
      return result;
    }

    // deno-lint-ignore no-explicit-any
    close(...args: any[]) {
      const result = super.close(...args);
      const rec = Socket.#ours(this) ? this.#rec : undefined;
      if (rec) closeSocket(rec);
      return result;
    }

    get events() {
      const observer = super.events;
      const rec = Socket.#ours(this) ? this.#rec : undefined;
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
