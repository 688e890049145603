/**
 * What a subscriber observes besides its messages, each with its time (performance.now()): its
 * connections going up and down, whether each read left data waiting, how late its event loop
 * ran, how latency moved, what its socket dropped. loss-causes.ts reads this to say why a gap
 * happened. Memory is fixed: the last `keptFacts` connection facts and a short ring of samples.
 */
import type { ConnectionFact, PressureFact } from "./loss-causes.ts";

const keptFacts = 1000;
const lagEveryMs = 100;
const lagSamples = 64;
/** Lag samples this far before a gap's previous message still count as "around" it. */
const lagLookbackMs = 1000;
/** Weight of a new message in the running latency (a rise shows within a few hundred messages). */
const latencyWeight = 1 / 64;

/** The observation log of one subscriber. */
export class Observations {
  readonly connections: ConnectionFact[] = [];
  /** False until the engine reported an event (or when it reports none). */
  eventsKnown = false;
  connects = 0;
  disconnects = 0;
  /** Connections up now (from the events). */
  up = 0;
  /** When a connection last came up (-Infinity: never seen). */
  lastConnectAt = -Infinity;
  backlogReads = 0;
  backlogSince: number | null = null;
  private latencyMinUs = Infinity;
  private latencyAvgUs = -1;
  private readonly lagAt = new Float64Array(lagSamples);
  private readonly lagMs = new Float64Array(lagSamples);
  private lagNext = 0;
  private lagTimer: ReturnType<typeof setInterval> | undefined;
  private dropsSeen: number | null = null;
  private dropsAt = 0;
  private dropsBefore: number | null = null;

  /** A connection went up or down. */
  connection(kind: ConnectionFact["kind"], peer: string, at: number, reason?: string): void {
    this.eventsKnown = true;
    if (kind === "connect") {
      this.connects++;
      this.up++;
      this.lastConnectAt = at;
    } else {
      this.disconnects++;
      this.up = Math.max(0, this.up - 1);
    }
    if (this.connections.length >= keptFacts) this.connections.shift();
    this.connections.push(reason ? { at, kind, peer, reason } : { at, kind, peer });
  }

  /** A read took `taken` messages; `waiting` says whether more were left queued (null: unknown). */
  read(at: number, waiting: boolean | null): void {
    if (waiting === true) {
      if (this.backlogReads++ === 0) this.backlogSince = at;
    } else if (waiting === false) {
      this.backlogReads = 0;
      this.backlogSince = null;
    }
  }

  /** One message's latency, in µs. */
  latency(us: number): void {
    if (us < this.latencyMinUs) this.latencyMinUs = us;
    this.latencyAvgUs = this.latencyAvgUs < 0 ? us : this.latencyAvgUs + (us - this.latencyAvgUs) * latencyWeight;
  }

  /** The socket's drop counter now (null: not measurable). */
  drops(total: number | null, at: number): void {
    if (total === null) return;
    if (this.dropsSeen !== total) {
      this.dropsBefore = this.dropsSeen ?? 0;
      this.dropsAt = at;
    }
    this.dropsSeen = total;
  }

  /** Drops counted since `at` (null: the engine does not measure them). */
  droppedSince(at: number): number | null {
    if (this.dropsSeen === null) return null;
    return this.dropsAt >= at ? this.dropsSeen - (this.dropsBefore ?? 0) : 0;
  }

  /** Starts sampling how late the event loop runs (unref'd: never keeps the process up). */
  startLagSampler(): void {
    let expected = performance.now() + lagEveryMs;
    this.lagTimer = setInterval(() => {
      const now = performance.now();
      this.lagAt[this.lagNext] = now;
      this.lagMs[this.lagNext] = Math.max(0, now - expected);
      this.lagNext = (this.lagNext + 1) % lagSamples;
      expected = now + lagEveryMs;
    }, lagEveryMs);
    (this.lagTimer as { unref?: () => void }).unref?.();
  }

  stopLagSampler(): void {
    clearInterval(this.lagTimer);
  }

  /** How hard the subscriber is pressed now, for a gap whose previous message came at `since`. */
  pressure(since: number | null, now: number): PressureFact {
    const from = (since ?? now) - lagLookbackMs;
    let maxLag = 0;
    for (let i = 0; i < lagSamples; i++) if (this.lagAt[i] >= from && this.lagMs[i] > maxLag) maxLag = this.lagMs[i];
    // The loop may be held up right now (no sample could run): count the wait since the last one.
    const last = this.lagAt[(this.lagNext + lagSamples - 1) % lagSamples];
    if (this.lagTimer !== undefined && last > 0 && now - last - lagEveryMs > maxLag) maxLag = now - last - lagEveryMs;
    const rise = this.latencyAvgUs < 0 ? null : (this.latencyAvgUs - this.latencyMinUs) / 1000;
    return {
      backlogReads: this.backlogReads,
      backlogSince: this.backlogSince,
      maxLagMs: Math.round(maxLag),
      latencyRiseMs: rise === null ? null : Math.round(rise),
    };
  }
}
