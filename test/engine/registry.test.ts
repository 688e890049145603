import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { pendingReport, Registry } from "../../src/engine/registry.ts";
import { loadEngine } from "../../src/engine/load.ts";
import type { Engine } from "../../src/engine/types.ts";
import { testableEngines } from "../helpers/engines.ts";
import { eventually } from "../helpers/eventually.ts";

describe("registry", () => {
  let engine: Engine;
  before(async () => {
    engine = await loadEngine("auto");
  });

  it("registry - pending() records an operation until its settle function is called", () => {
    const r = new Registry();
    const done = r.pending("worker subscriber", "receive");
    const snap = r.snapshot();
    assert.equal(snap.pending.length, 1);
    assert.equal(snap.pending[0].owner, "worker subscriber");
    assert.equal(snap.pending[0].operation, "receive");
    assert.ok(Math.abs(snap.pending[0].since - Date.now()) < 5000);
    done();
    done(); // twice is harmless
    assert.deepEqual(r.snapshot().pending, []);
  });

  it("registry - track() lists an open socket with its endpoints until close", async () => {
    const r = new Registry();
    const pull = r.track(engine.socket("pull", { linger: 0 }), "input");
    const push = r.track(engine.socket("push", { linger: 0 }));
    try {
      const ep = await pull.bind("tcp://127.0.0.1:0");
      assert.match(ep, /^tcp:\/\/127\.0\.0\.1:[1-9]\d*$/);
      await push.connect(ep);
      const [a, b] = r.snapshot().sockets;
      assert.match(a.label, /^input#\d+$/);
      assert.deepEqual(a.endpoints, [`bind ${ep}`]);
      assert.equal(a.type, "pull");
      assert.equal(a.engine, engine.name);
      assert.match(b.label, /^push#\d+$/);
      assert.deepEqual(b.endpoints, [`connect ${ep}`]);
      await push.send("m");
      assert.deepEqual((await pull.receive()).map(String), ["m"]);
      assert.equal(pull.counters().messagesIn, 1);
    } finally {
      pull.close();
      push.close();
    }
    assert.equal(pull.closed, true);
    assert.deepEqual(r.snapshot().sockets, []);
  });

  it("registry - a tracked receive is named while pending and forgotten once it settles, either way", async () => {
    const r = new Registry();
    const pull = r.track(engine.socket("pull", { linger: 0 }));
    const push = engine.socket("push", { linger: 0 });
    try {
      const ep = await pull.bind("tcp://127.0.0.1:0");
      const received = pull.receive();
      const pending = r.snapshot().pending;
      assert.equal(pending.length, 1);
      assert.equal(pending[0].operation, "receive");
      assert.equal(pending[0].owner, `pull#${/#(\d+)/.exec(r.snapshot().sockets[0].label)![1]} (bind ${ep})`);
      await push.connect(ep);
      await push.send("x");
      assert.deepEqual((await received).map(String), ["x"]);
      assert.deepEqual(r.snapshot().pending, []);
      const failing = pull.receive();
      assert.equal(r.snapshot().pending.length, 1);
      pull.close();
      await assert.rejects(failing, (e: { code?: string }) => e.code === "EBADF");
      await eventually(
        () => r.snapshot().pending.length === 0,
        5000,
        () => `the failed receive to leave the registry: ${JSON.stringify(r.snapshot().pending)}`,
      );
    } finally {
      pull.close();
      push.close();
    }
  });

  it("registry - snapshots are copies, oldest pending first", async () => {
    const r = new Registry();
    const a = r.pending("a", "wait");
    // Time passing is the point: "a" must be strictly older than "b" for "oldest first" to mean anything.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const b = r.pending("b", "wait");
    const snap = r.snapshot();
    assert.deepEqual(snap.pending.map((p) => p.owner), ["a", "b"]);
    snap.pending.length = 0;
    a();
    assert.deepEqual(r.snapshot().pending.map((p) => p.owner), ["b"]);
    b();
  });

  for (const name of testableEngines()) {
    it(`registry (${name}) - a tracked socket keeps sendNow, receiveBatch (pending while it waits) and lingered, which work, and forward and consume where the engine has them`, async () => {
      const e = await loadEngine(name);
      const r = new Registry();
      const pull = r.track(e.socket("pull", { linger: 0 }));
      const push = r.track(e.socket("push", { linger: 0 }));
      try {
        const ep = await pull.bind("tcp://127.0.0.1:0");
        await push.connect(ep);
        const batch = pull.receiveBatch(16, { signal: AbortSignal.timeout(5000) });
        assert.deepEqual(r.snapshot().pending.map((p) => p.operation), ["receive"]);
        if (!push.sendNow(["a", "1"])) await push.send(["a", "1"]);
        const got = await batch;
        assert.deepEqual(got.map((m) => m.map(String)), [["a", "1"]]);
        assert.deepEqual(r.snapshot().pending, []);
        await assert.rejects(pull.receiveBatch(0), (err: { code?: string }) => err.code === "EINVAL");
        assert.throws(() => pull.sendNow("x"), (err: { code?: string }) => err.code === "ENOTSUP");
        // forward and consume stay optional: where the engine has them, so does the tracked socket.
        assert.equal(typeof pull.forward, name === "zmtp" ? "function" : "undefined");
        assert.equal(typeof pull.consume, name === "zmtp" ? "function" : "undefined");
      } finally {
        pull.close();
        push.close();
      }
      assert.throws(() => push.sendNow("after close"), (err: { code?: string }) => err.code === "EBADF");
      if (push.lingered) assert.deepEqual((await push.lingered()).discarded, 0);
    });
  }

  it("registry (zmtp) - forward() on tracked sockets forwards (the engine gets its own sockets, not the wrappers)", async () => {
    const e = await loadEngine("zmtp");
    const r = new Registry();
    const xsub = r.track(e.socket("xsub", { linger: 0 }));
    const xpub = r.track(e.socket("xpub", { linger: 0 }));
    const pub = e.socket("pub", { linger: 0 });
    const sub = e.socket("sub", { linger: 0 });
    try {
      assert.equal(typeof xsub.forward, "function");
      const f = xsub.forward!(xpub);
      await pub.connect(await xsub.bind("tcp://127.0.0.1:0"));
      await sub.connect(await xpub.bind("tcp://127.0.0.1:0"));
      sub.subscribe("");
      xsub.subscribe("");
      let got: string[] | undefined;
      for (let i = 0; i < 200 && !got; i++) {
        await pub.send(["t", String(i)]);
        got = await sub.receive({ signal: AbortSignal.timeout(25) }).then((m) => m.map(String), () => undefined);
      }
      assert.ok(got, "nothing came through the forward within 200 tries");
      assert.equal(got[0], "t");
      assert.ok(f.messages >= 1);
      f.stop();
    } finally {
      for (const s of [xsub, xpub, pub, sub]) s.close();
    }
  });

  it("registry - a pending operation is reported with an ISO start and its age", () => {
    assert.deepEqual(pendingReport({ owner: "o", operation: "receive", since: 1_000 }, 1_250), {
      owner: "o",
      operation: "receive",
      since: "1970-01-01T00:00:01.000Z",
      pendingMs: 250,
    });
    assert.equal(pendingReport({ owner: "o", operation: "receive", since: 2_000 }, 1_000).pendingMs, 0);
  });
});
