/**
 * ROUTER (RFC 28): every received message starts with the sending peer's routing id; a sent
 * message's first frame picks the peer. A peer's id is its READY Identity, or, when empty, a
 * generated 5-byte id (0x00 + u32 counter, as libzmq makes them). Unroutable messages and
 * messages for a full peer are dropped (the latter counted as drops). A peer whose Identity
 * another live peer already holds stays connected but unnamed, as in libzmq (router.cpp keeps
 * it among its "anonymous pipes"): nothing is routed to it and what it sends is ignored, until
 * it is seen again after the holder has gone; refusing it instead made it reconnect forever.
 */
import { Buffer } from "node:buffer";
import type { PeerInfo } from "../connection-end.ts";
import type { Pipe } from "../pipe.ts";
import { SocketBase } from "../socket-base.ts";
import type { ResolvedOptions } from "../options.ts";

/** A ROUTER socket. */
export class RouterSocket extends SocketBase {
  protected override readonly dropsAtHwm = true;
  private readonly byId = new Map<string, Pipe>();
  /** Peers whose Identity was taken when they came, with that Identity. */
  private readonly unnamed = new Map<Pipe, Buffer>();
  private nextId = (Math.random() * 0xffffffff) >>> 0;

  constructor(options: ResolvedOptions) {
    super("router", options);
  }

  protected override onConnected(pipe: Pipe, peer: PeerInfo): void {
    if (pipe.routingId) this.byId.delete(pipe.routingId.toString("latin1"));
    pipe.routingId = null;
    let id = peer.identity;
    if (id.length === 0) {
      id = Buffer.allocUnsafe(5);
      id[0] = 0;
      id.writeUInt32BE(this.nextId, 1);
      this.nextId = (this.nextId + 1) >>> 0;
    } else if (!this.free(id, pipe)) {
      this.unnamed.set(pipe, id);
      return;
    }
    this.name(pipe, id);
  }

  protected override onMessage(pipe: Pipe, frames: Buffer[]): void {
    const wanted = this.unnamed.get(pipe);
    if (wanted !== undefined) {
      if (!this.free(wanted, pipe)) return;
      this.unnamed.delete(pipe);
      this.name(pipe, wanted);
    }
    this.enqueue(pipe, frames);
  }

  protected override onDisconnected(pipe: Pipe): void {
    this.unnamed.delete(pipe);
    if (pipe.routingId && this.byId.get(pipe.routingId.toString("latin1")) === pipe) {
      this.byId.delete(pipe.routingId.toString("latin1"));
    }
  }

  protected override accept(pipe: Pipe, frames: Buffer[]): Buffer[] {
    return [pipe.routingId ?? Buffer.alloc(0), ...frames];
  }

  protected override trySend(frames: Buffer[]): boolean {
    if (frames.length < 2) return true;
    const pipe = this.byId.get(frames[0].toString("latin1"));
    if (pipe === undefined || !pipe.live) return true;
    if (pipe.hasRoom()) pipe.enqueue(frames.slice(1));
    else this.drop(pipe);
    return true;
  }

  /** True when no other live peer holds `id`. */
  private free(id: Buffer, pipe: Pipe): boolean {
    const holder = this.byId.get(id.toString("latin1"));
    return holder === undefined || holder === pipe || !holder.live;
  }

  private name(pipe: Pipe, id: Buffer): void {
    pipe.routingId = id;
    this.byId.set(id.toString("latin1"), pipe);
  }
}
