// A connecting zmtp PUB or XPUB whose bound libzmq (pyzmq) SUB restarts on the same port keeps
// the peer's subscriptions across the reconnect, as libzmq does: no unsubscribe reaches the
// XPUB's application, and what was published while the SUB was away is delivered once it is
// back and has subscribed again.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadEngine } from "../../../src/engine/load.ts";
import type { SocketEvent, ZSocket } from "../../../src/engine/types.ts";
import { PyzmqPeer, skipPyzmq } from "../../helpers/pyzmq-peer.ts";
import { receiveWithin, texts } from "./helpers/bounded.ts";
import { eventually } from "../../helpers/eventually.ts";

const skip = skipPyzmq();
const engine = await loadEngine("zmtp");

/** Publishes `probe` until `sub` receives it; returns nothing else it got. */
async function probeUntilReceived(pub: ZSocket, sub: PyzmqPeer, probe: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await pub.send([probe]);
    const m = await sub.receive(100);
    if (m && m[0].toString() === probe) return;
  }
  throw new Error(`${probe} never arrived`);
}

async function restartedSubGetsBacklog(type: "pub" | "xpub") {
  const pub = engine.socket(type, { linger: 0 });
  const events: SocketEvent[] = [];
  pub.onEvent((e) => events.push(e));
  let sub = await PyzmqPeer.open("sub");
  try {
    await sub.subscribe("A");
    const at = await sub.bind();
    await pub.connect(at);
    await probeUntilReceived(pub, sub, "A-probe");
    await sub.close();
    await eventually(() => events.some((e) => e.type === "disconnect"), 5000, "the publisher to see the SUB go");
    for (let i = 1; i <= 5; i++) await pub.send([`A-${i}`]);
    await pub.send(["B-not-subscribed"]);
    sub = await PyzmqPeer.open("sub");
    await sub.subscribe("A");
    await sub.bind(at);
    const got: string[] = [];
    for (let m = await sub.receive(3000); m !== null && got.length < 50; m = await sub.receive(500)) {
      const t = texts(m)[0];
      if (t !== "A-probe") got.push(t);
    }
    assert.deepEqual(got, ["A-1", "A-2", "A-3", "A-4", "A-5"]);
    return pub;
  } finally {
    await sub.close();
  }
}

describe("zmtp against pyzmq: a bound SUB restarts", { skip }, () => {
  it("pyzmq reconnect - a connecting zmtp pub keeps the subscriptions and queues what it publishes meanwhile", async () => {
    const pub = await restartedSubGetsBacklog("pub");
    pub.close();
  });

  it("pyzmq reconnect - a connecting zmtp xpub tells its application of no unsubscribe and no second subscribe", async () => {
    const xpub = await restartedSubGetsBacklog("xpub");
    try {
      const seen: string[][] = [];
      for (let i = 0; i < 10; i++) {
        const m = await receiveWithin(xpub, 300, "a subscription message").catch(() => null);
        if (m === null) break;
        seen.push(texts(m));
      }
      assert.deepEqual(seen, [["\x01A"]]);
    } finally {
      xpub.close();
    }
  });
});
