// zmtp XPUB and XSUB against libzmq (pyzmq) for subscriptions inside multipart messages: every
// frame that starts with 1 or 0 is a subscription or a cancel, as libzmq treats it. The
// expectations are what libzmq 4.3.4 does with itself (pyzmq XSUB to pyzmq XPUB).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { loadEngine } from "../../../src/engine/load.ts";
import type { ZSocket } from "../../../src/engine/types.ts";
import { PyzmqPeer, skipPyzmq } from "../../helpers/pyzmq-peer.ts";
import { receiveWithin, texts } from "./helpers/bounded.ts";

const skip = skipPyzmq();
const engine = await loadEngine("zmtp");

/** Texts of every message `s` receives until none comes for `quietMs`. */
async function drain(s: ZSocket, quietMs = 400): Promise<string[][]> {
  const out: string[][] = [];
  for (let i = 0; i < 100; i++) {
    try {
      out.push(texts(await receiveWithin(s, quietMs, "a message")));
    } catch {
      return out;
    }
  }
  return out;
}

async function drainPy(p: PyzmqPeer, quietMs = 400): Promise<string[][]> {
  const out: string[][] = [];
  for (let m = await p.receive(quietMs); m !== null && out.length < 100; m = await p.receive(quietMs)) {
    out.push(texts(m));
  }
  return out;
}

describe("zmtp against pyzmq: subscriptions in multipart messages", { skip }, () => {
  it("pyzmq subscriptions - zmtp xpub: a libzmq xsub's [\\x01c, payload, \\x01d, x] subscribes c and d, as libzmq's xpub sees it", async () => {
    const xpub = engine.socket("xpub", { linger: 0 });
    const py = await PyzmqPeer.open("xsub");
    try {
      const at = await xpub.bind("tcp://127.0.0.1:0");
      await py.connect(at);
      // Until the connection is up, a send from libzmq's XSUB would go nowhere: probe with a subscription.
      for (let i = 0; i < 100; i++) {
        await py.send(["\x01probe"]);
        const got = await receiveWithin(xpub, 100, "the probe").catch(() => null);
        if (got) break;
      }
      await py.send(["\x01c", "payload", "\x01d", "x"]);
      assert.deepEqual(await drain(xpub), [["\x01c"], ["payload", "\x01d"], ["x"]]);
      for (const t of ["c1", "d1", "p1", "x1"]) await xpub.send(t);
      assert.deepEqual(await drainPy(py), [["c1"], ["d1"]]);
      await py.send(["\x00c", "more"]);
      assert.deepEqual(await drain(xpub), [["\x00c"], ["more"]]);
      for (const t of ["c2", "d2"]) await xpub.send(t);
      assert.deepEqual(await drainPy(py), [["d2"]]);
    } finally {
      xpub.close();
      await py.close();
    }
  });

  it("pyzmq subscriptions - zmtp xsub: [\\x01c, payload, \\x01d] subscribes c and d at a libzmq xpub, and goes up whole", async () => {
    const xsub = engine.socket("xsub", { linger: 0 });
    const py = await PyzmqPeer.open("xpub");
    try {
      const at = await py.bind();
      await xsub.connect(at);
      for (let i = 0; i < 100; i++) {
        await xsub.send("\x01probe");
        if (await py.receive(100)) break;
      }
      await xsub.send(["\x01c", "payload", "\x01d"]);
      // What a libzmq xsub sends for it: one message, which libzmq's xpub splits at each notification.
      assert.deepEqual(await drainPy(py), [["\x01c"], ["payload", "\x01d"]]);
      for (const t of ["c1", "d1", "e1"]) await py.send([t]);
      assert.deepEqual(await drain(xsub), [["c1"], ["d1"]]);
      await xsub.send([Buffer.from("\x00c"), Buffer.from("tail")]);
      assert.deepEqual(await drainPy(py), [["\x00c"], ["tail"]]);
      for (const t of ["c2", "d2"]) await py.send([t]);
      assert.deepEqual(await drain(xsub), [["d2"]]);
    } finally {
      xsub.close();
      await py.close();
    }
  });
});
