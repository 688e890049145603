/**
 * The two forwarding loops of the bus. Each is the single owner of one direction: the down loop
 * alone receives on the frontend (XSUB) and sends on the backend (XPUB); the up loop alone
 * receives subscriptions on the backend and sends them on the frontend. So no socket ever has
 * two receivers or two senders (the xpub-thread-misuse scenario), and no EBUSY can happen.
 *
 * Each loop records what it is waiting for (which socket, which operation, since when), so that
 * a shutdown hang can name it. It keeps that record itself rather than through the registry's
 * per-operation tracking, which would cost a pending record per message.
 *
 * A loop takes every message already queued in one call (receiveBatch; native gives one per
 * call) and records its state once per batch, not per message. A message that can be queued at
 * once is sent without a promise (sendNow), and send() is awaited only when the engine would
 * have to wait for room (always on native).
 *
 * Where the engine can forward inside itself (zmtp's forward(), one direction of zmq_proxy), the
 * down direction, the busy one, is that instead of a loop: the frontend stays its only reader
 * and the backend's only data sender, nothing is pending on it, and stop() ends it at once,
 * without a promise or a Buffer per message (bench/bus.bench.ts measures the difference).
 */
import type { Forwarding, ZSocket } from "../engine/types.ts";
import type { PendingOperation } from "../engine/registry.ts";
import type { BusCounters } from "./counters.ts";
import { decodeSubscription } from "../engine/subscription-message.ts";

/**
 * Most messages one receive takes where the engine can drain its queue in one call
 * (receiveBatch): enough to pay the per-call cost once per network read, small enough that a
 * batch in flight at a stop is forwarded at once.
 */
const batchMax = 256;

/** Why a loop ended other than by stop(). */
export interface LoopFailure {
  loop: "down" | "up";
  message: string;
}

/** A socket and the name a report gives it, e.g. "frontend xsub (bind tcp://127.0.0.1:5555)". */
export interface NamedSocket {
  socket: ZSocket;
  name: string;
}

/** Options of the forwarder. */
export interface ForwarderOptions {
  /**
   * Test hook (ZMQDIAG_TEST_HOLD_SHUTDOWN): the down loop receives without the abort signal, as
   * code that ignores cancellation would, so its receive stays pending through shutdown.
   */
  holdShutdown?: boolean;
  /** Called once when a loop fails (the bus then shuts down). */
  onFailure?: (f: LoopFailure) => void;
}

/** What one loop is doing: an operation on a socket since a time, or nothing once ended. */
interface LoopState {
  owner: string;
  operation: "receive" | "send" | "";
  since: number;
}

/** Runs the loops (and the engine's forward, where it has one) until stop(). */
export class Forwarder {
  private readonly abort = new AbortController();
  /** The engine's own forwarding of the down direction, where it has forward(). */
  private downForward: Forwarding | null = null;
  private stopping = false;
  private started = false;
  private resolveDone!: (failures: LoopFailure[]) => void;
  private readonly states: Record<"down" | "up", LoopState> = {
    down: { owner: "", operation: "", since: 0 },
    up: { owner: "", operation: "", since: 0 },
  };
  /** Settles when every loop has ended (never rejects). */
  readonly done: Promise<LoopFailure[]>;

  constructor(
    private readonly frontend: NamedSocket,
    private readonly backend: NamedSocket,
    private readonly counters: BusCounters,
    private readonly options: ForwarderOptions = {},
  ) {
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  /** Starts forwarding: when it returns, each loop waits on its receive (or the engine forwards down). */
  start(): void {
    if (this.started) return;
    this.started = true;
    const f = this.frontend.socket;
    if (f.forward && !this.options.holdShutdown) {
      this.downForward = f.forward(this.backend.socket);
      this.counters.forwardingDown(this.downForward);
    }
    const loops = this.downForward ? [this.loop("up")] : [this.loop("down"), this.loop("up")];
    void Promise.all(loops).then((r) => this.resolveDone(r.filter((x): x is LoopFailure => x !== undefined)));
  }

  /** Stops taking new messages: ends the engine's forward, cancels the pending receives; a send in progress finishes. */
  stop(): void {
    this.stopping = true;
    this.downForward?.stop();
    this.abort.abort(new Error("bus shutting down"));
    if (!this.started) {
      this.started = true;
      this.resolveDone([]);
    }
  }

  /** The operations the loops are waiting on now, oldest first. */
  inFlight(): PendingOperation[] {
    return Object.values(this.states)
      .filter((s) => s.operation !== "")
      .map((s) => ({ owner: s.owner, operation: s.operation, since: s.since }))
      .sort((a, b) => a.since - b.since);
  }

  private async loop(which: "down" | "up"): Promise<LoopFailure | undefined> {
    const from = which === "down" ? this.frontend : this.backend;
    const to = which === "down" ? this.backend : this.frontend;
    const st = this.states[which];
    const opts = which === "down" && this.options.holdShutdown ? undefined : { signal: this.abort.signal };
    const counters = this.counters;
    try {
      while (!this.stopping) {
        st.owner = from.name;
        st.operation = "receive";
        st.since = Date.now();
        let batch;
        try {
          batch = await from.socket.receiveBatch(batchMax, opts);
        } catch (e) {
          return this.stopping ? undefined : this.fail(which, e);
        }
        // Messages taken as the stop landed are in flight: they are still forwarded.
        st.owner = to.name;
        st.operation = "send";
        st.since = Date.now();
        for (let i = 0; i < batch.length; i++) {
          const message = batch[i];
          try {
            if (!to.socket.sendNow(message)) await to.socket.send(message);
          } catch (e) {
            return this.stopping ? undefined : this.fail(which, e);
          }
          if (which === "down") counters.forwardedDown(message);
          else counters.forwardedUp(message, decodeSubscription(message));
        }
      }
      return undefined;
    } finally {
      st.operation = "";
    }
  }

  private fail(loop: "down" | "up", e: unknown): LoopFailure {
    const f = { loop, message: e instanceof Error ? e.message : String(e) };
    this.options.onFailure?.(f);
    return f;
  }
}
