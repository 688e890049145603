import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Buffer } from "node:buffer";
import { Registry } from "../../src/engine/registry.ts";
import type { Engine, ZSocket } from "../../src/engine/types.ts";
import { BusCounters } from "../../src/bus/counters.ts";
import { Forwarder } from "../../src/bus/forwarder.ts";
import { shutdownBus } from "../../src/bus/shutdown.ts";
import { engineCases } from "./engine-availability.ts";
import { eventually } from "../helpers/eventually.ts";

const cases = await engineCases();

/** Rejects when `p` has not settled within `ms`. */
function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(t));
}

/** A bus on two OS-chosen ports, named as `zmqdiag bus` names them, with a registry of its own. */
async function startBus(engine: Engine, holdShutdown = false, tracked = false) {
  const registry = new Registry();
  // A scenario's sockets come tracked by the registry: the forwarder must work the same through them.
  const plain = (s: ZSocket) => (tracked ? registry.track(s) : s);
  // High-water marks unlimited: a burst must cross whole, so no drop at the XPUB may hide a loss
  // (native on Deno polls, and its subscriber can fall behind a fast bus by a thousand messages).
  const unlimited = { linger: 0, sendHighWaterMark: 0, receiveHighWaterMark: 0 };
  const frontend = plain(engine.socket("xsub", unlimited));
  const backend = plain(engine.socket("xpub", unlimited));
  const frontendAt = await frontend.bind("tcp://127.0.0.1:0");
  const backendAt = await backend.bind("tcp://127.0.0.1:0");
  const counters = new BusCounters();
  const forwarder = new Forwarder(
    { socket: frontend, name: `frontend xsub (bind ${frontendAt})` },
    { socket: backend, name: `backend xpub (bind ${backendAt})` },
    counters,
    { holdShutdown },
  );
  forwarder.start();
  return { registry, frontend, backend, frontendAt, backendAt, counters, forwarder };
}

/** Sends probes from `pub` until `sub` receives one (the subscription has reached `pub`). */
async function probeUntilSubscribed(pub: ZSocket, sub: ZSocket, topic: string, seen: Buffer[][]): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await pub.send([topic, "probe"]);
    try {
      const m = await sub.receive({ signal: AbortSignal.timeout(25) });
      seen.push(m);
      if (m[0].toString() === topic) return;
    } catch {
      // nothing yet: the subscription is still on its way up
    }
  }
  throw new Error(`subscription never reached the publisher of ${topic}`);
}

describe("bus forwarder", () => {
  const open: ZSocket[] = [];
  after(() => {
    for (const s of open) if (!s.closed) s.close();
  });

  for (const c of cases) {
    it(`bus forwarder - ${c.name}: subscriptions go up, multipart messages come down whole and in order per publisher`, async () => {
      const engine = c.engine;
      const bus = await startBus(engine);
      const pubA = engine.socket("pub", { linger: 0, sendHighWaterMark: 10_000 });
      const pubB = engine.socket("pub", { linger: 0, sendHighWaterMark: 10_000 });
      const sub = engine.socket("sub", { linger: 0, receiveHighWaterMark: 10_000 });
      open.push(pubA, pubB, sub, bus.frontend, bus.backend);
      await pubA.connect(bus.frontendAt);
      await pubB.connect(bus.frontendAt);
      await sub.connect(bus.backendAt);
      sub.subscribe("a.");
      const got: Buffer[][] = [];
      await probeUntilSubscribed(pubA, sub, "a.probeA", got);
      await probeUntilSubscribed(pubB, sub, "a.probeB", got);
      const n = 50;
      for (let i = 0; i < n; i++) {
        await pubA.send(["a.1", "A", String(i), "tail"]);
        await pubB.send(["b.x", "filtered at the publisher"]);
        await pubB.send(["a.2", "B", String(i)]);
      }
      const real = () => got.filter((m) => !m[0].toString().includes("probe"));
      while (real().length < 2 * n) got.push(await bounded(sub.receive(), 5000, "message through the bus"));
      const fromA = real().filter((m) => m[0].toString() === "a.1");
      const fromB = real().filter((m) => m[0].toString() === "a.2");
      assert.deepEqual(
        fromA.map((m) => m.map(String)),
        Array.from({ length: n }, (_, i) => ["a.1", "A", String(i), "tail"]),
      );
      assert.deepEqual(fromB.map((m) => m.map(String)), Array.from({ length: n }, (_, i) => ["a.2", "B", String(i)]));
      await eventually(() => bus.counters.down.messages === got.length, 2000, "down counter");
      assert.equal(bus.counters.down.messages, got.length);
      const bytes = got.reduce((a, m) => a + m.reduce((b, f) => b + f.length, 0), 0);
      assert.equal(bus.counters.down.bytes, bytes);
      assert.deepEqual(bus.counters.stats().topics, [{ topic: "a.", subscribe: 1, unsubscribe: 0 }]);
      sub.unsubscribe("a.");
      await eventually(() => bus.counters.stats().topics[0].unsubscribe === 1, 3000, "unsubscribe forwarded");
      bus.forwarder.stop();
      assert.deepEqual(await bounded(bus.forwarder.done, 2000, "loops end"), []);
    });

    for (const wrapped of [false, true]) {
      const how = wrapped ? "through sockets tracked by a registry" : "as the engine's sockets are";
      it(`bus forwarder - ${c.name}: a burst crosses whole, in order and counted, ${how}`, async () => {
        const engine = c.engine;
        const bus = await startBus(engine, false, wrapped);
        const pub = engine.socket("pub", { linger: 0, sendHighWaterMark: 0 });
        const sub = engine.socket("sub", { linger: 0, receiveHighWaterMark: 0 });
        open.push(pub, sub, bus.frontend, bus.backend);
        await pub.connect(bus.frontendAt);
        await sub.connect(bus.backendAt);
        sub.subscribe("");
        const seen: Buffer[][] = [];
        await probeUntilSubscribed(pub, sub, "probe", seen);
        // Sent back to back, the burst reaches the bus many messages per read: batches, where the engine has them.
        const n = 3000;
        for (let i = 0; i < n; i++) await pub.send(["burst", String(i)]);
        const got: string[] = [];
        let probes = seen.length;
        while (got.length < n) {
          const m = await bounded(sub.receive(), 5000, `message ${got.length} of the burst`);
          if (m[0].toString() === "burst") got.push(m[1].toString());
          else probes++; // a probe forwarded late: it still went through the bus
        }
        assert.deepEqual(got, Array.from({ length: n }, (_, i) => String(i)));
        // The path is first in, first out: with the burst's last message, every forwarded probe is in too.
        await eventually(() => bus.counters.down.messages >= probes + n, 2000, "down counter");
        assert.equal(bus.counters.down.messages, probes + n);
        bus.forwarder.stop();
        assert.deepEqual(await bounded(bus.forwarder.done, 2000, "loops end"), []);
      });
    }

    it(`bus forwarder - ${c.name}: stop cancels every pending receive, nothing stays pending`, async () => {
      const bus = await startBus(c.engine);
      open.push(bus.frontend, bus.backend);
      // An engine that forwards inside itself (forward()) has no receive pending on the frontend.
      const engineForwards = typeof bus.frontend.forward === "function";
      await eventually(
        () => bus.forwarder.inFlight().length === (engineForwards ? 1 : 2),
        2000,
        "the loops' receives to be pending",
      );
      assert.deepEqual(bus.forwarder.inFlight().map((p) => [p.owner, p.operation]).sort(), [
        [`backend xpub (bind ${bus.backendAt})`, "receive"],
        ...(engineForwards ? [] : [[`frontend xsub (bind ${bus.frontendAt})`, "receive"]]),
      ]);
      bus.forwarder.stop();
      assert.deepEqual(await bounded(bus.forwarder.done, 1000, "loops end"), []);
      assert.deepEqual(bus.forwarder.inFlight(), []);
    });

    it(`bus forwarder - ${c.name}: shutdown that cannot finish reports a hang naming the pending receive, on time`, async () => {
      const bus = await startBus(c.engine, true);
      open.push(bus.frontend, bus.backend);
      await eventually(() => bus.forwarder.inFlight().length === 2, 2000, "both loops' receives to be pending");
      const startedAt = Date.now();
      let counted = 0;
      const out = await shutdownBus({
        forwarder: bus.forwarder,
        sockets: [bus.frontend, bus.backend],
        registry: bus.registry,
        timeoutMs: 300,
        startedAt,
        beforeClose: () => {
          counted++;
        },
      });
      const took = Date.now() - startedAt;
      assert.equal(out.clean, false);
      assert.ok(took >= 290 && took < 300 + 250, `took ${took} ms`);
      if (out.clean) return;
      assert.equal(out.hang.pending.length, 1);
      assert.equal(out.hang.pending[0].owner, `frontend xsub (bind ${bus.frontendAt})`);
      assert.equal(out.hang.pending[0].operation, "receive");
      assert.equal(counted, 1);
      assert.equal(bus.frontend.closed, true);
      assert.equal(bus.backend.closed, true);
    });
  }
});
