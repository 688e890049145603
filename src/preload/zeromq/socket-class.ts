/**
 * The instrumented zeromq.js Socket: a subclass of the addon's own Socket, put in its place
 * before zeromq.js's classes extend it, so every Pull, Subscriber, ... of that copy is tracked
 * from its constructor on. Each method calls the original and returns what it returns (a
 * promise settling the same way, see operations.ts) and throws what it throws. A call site is
 * captured only where the call will wait (nothing queued to read, no room to write), so a busy
 * loop pays for two native getters and a promise, not for a stack.
 */
import { captureSite, siteText, type CallSite } from "./call-site.ts";
import { opName } from "./describe.ts";
import { reportFinding } from "./findings.ts";
import { contextText, follow, tagReason } from "./operations.ts";
import { addEndpoint, addSocket, closeSocket, counts, pendingOf, type OpKind, type PendingOp, type SocketRecord } from "./registry.ts";

// deno-lint-ignore no-explicit-any
type AnyClass = new (...args: any[]) => any;

const siteDepth = 8;
const collected = typeof FinalizationRegistry === "function" ? new FinalizationRegistry<SocketRecord>((rec) => closeSocket(rec)) : undefined;

/** The socket record behind an Observer made by `socket.events`. */
export const observerOwners = new WeakMap<object, SocketRecord>();

function busy(rec: SocketRecord, kind: OpKind, pending: PendingOp | undefined, error: unknown): void {
  const failed: PendingOp = { kind, since: performance.now(), site: captureSite(siteDepth), waits: false };
  const created = siteText(rec.created);
  const before = pending ? `the ${opName(pending)} called at ${siteText(pending.site)} was still pending` : `another ${kind} was still pending`;
  reportFinding("concurrent-operation", `${rec.cls} created at ${created}: ${opName(failed)} called at ${siteText(failed.site)} while ${before} (EBUSY: one ${kind} at a time per socket)`, {
    socket: rec.cls, created, operation: opName(failed), site: siteText(failed.site), pendingSite: pending ? siteText(pending.site) : null,
  });
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
    // deno-lint-ignore no-explicit-any
    constructor(...args: any[]) {
      super(...args);
      try {
        this.#rec = addSocket(zeromqClass(new.target, Socket), captureSite(siteDepth));
        if (this.#rec) collected?.register(this, this.#rec);
      } catch {
        counts.socketsUntracked++;
      }
    }

    // The receive/send pair: the hot path.
    // deno-lint-ignore no-explicit-any
    receive(...args: any[]) {
      const rec = #rec in this ? this.#rec : undefined;
      if (!rec) return super.receive(...args);
      return this.#io(rec, "receive", args);
    }

    // deno-lint-ignore no-explicit-any
    send(...args: any[]) {
      const rec = #rec in this ? this.#rec : undefined;
      if (!rec) return super.send(...args);
      return this.#io(rec, "send", args);
    }

    // deno-lint-ignore no-explicit-any
    #io(rec: SocketRecord, kind: "receive" | "send", args: any[]) {
      let waits = false;
      try {
        waits = kind === "receive" ? !this.readable && this.receiveTimeout !== 0 : !this.writable && this.sendTimeout !== 0;
      } catch {
        // a closed socket: the call below throws what it throws
      }
      let promise;
      try {
        promise = kind === "receive" ? super.receive(...args) : super.send(...args);
      } catch (e) {
        if (isBusy(e)) busy(rec, kind, pendingOf(rec, kind), e);
        throw e;
      }
      if (!(promise instanceof Promise)) return promise;
      return follow(rec, { kind, since: performance.now(), site: waits ? captureSite(siteDepth) : undefined, waits }, promise);
    }

    // deno-lint-ignore no-explicit-any
    bind(address: any, ...rest: any[]) {
      const rec = #rec in this ? this.#rec : undefined;
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
      const rec = #rec in this ? this.#rec : undefined;
      if (!rec) return super.unbind(address, ...rest);
      const promise = super.unbind(address, ...rest);
      if (!(promise instanceof Promise)) return promise;
      return follow(rec, { kind: "unbind", since: performance.now(), site: captureSite(siteDepth), waits: false }, promise);
    }

    // deno-lint-ignore no-explicit-any
    connect(address: any, ...rest: any[]) {
      const result = super.connect(address, ...rest);
      const rec = #rec in this ? this.#rec : undefined;
      if (rec) addEndpoint(rec, { how: "connect", address: String(address), site: captureSite(siteDepth) });
      return result;
    }

    // deno-lint-ignore no-explicit-any
    close(...args: any[]) {
      const result = super.close(...args);
      const rec = #rec in this ? this.#rec : undefined;
      if (rec) closeSocket(rec);
      return result;
    }

    get events() {
      const observer = super.events;
      const rec = #rec in this ? this.#rec : undefined;
      try {
        if (rec && observer && typeof observer === "object") observerOwners.set(observer, rec);
      } catch {
        // not an object we can key on
      }
      return observer;
    }
  }
  return Socket;
}

/** The site of a receive made through an Observer: the first call's (later ones come from zeromq.js's own loop). */
export const observerSites = new WeakMap<object, CallSite>();
