// Exact bytes for what libzmq 4.3 does that RFC 23 does not show: PING and PONG between the
// frames of a multipart message (with ZMQ_HEARTBEAT_IVL), on a receiving socket and through
// forward()'s in-place scan, split at every byte; and 4.3.4's SUBSCRIBE of a 250-byte topic
// with an 8-byte size but no LONG flag.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { SocketEvent } from "../../../src/engine/types.ts";
import { loadEngineOrSkip, portOf } from "./helpers/zmtp-engine.ts";
import { RawPeer } from "./helpers/raw-peer.ts";
import { receiveWithin, sleep, texts } from "./helpers/bounded.ts";
import { withCleanup } from "../../helpers/cleanup.ts";
import { handshakenPush } from "./helpers/bad-peer-check.ts";
import { publishUntil } from "./helpers/publish-until.ts";
import { command, frame, handshake, message, ping } from "./helpers/zmtp-wire.ts";

const under = await loadEngineOrSkip();

/** A three-frame message with a PING after its first frame and a PONG after its second. */
const interleaved = Buffer.concat([
  frame("part-1", { more: true }),
  ping(0, "ctx"),
  frame("part-2", { more: true }),
  command("PONG", "x"),
  frame("part-3"),
]);
const pong = command("PONG", "ctx");

describe("zmtp golden bytes: commands between frames, 4.3.4 subscriptions", { skip: under.skip }, () => {
  it("golden commands - a PING and a PONG inside a message, split at every byte: the message arrives whole and the PING is answered", async () => {
    await withCleanup(async (c) => {
      const pull = c.add(under.engine!.socket("pull", { linger: 0 }));
      const events: SocketEvent[] = [];
      c.add({ close: pull.onEvent((e) => events.push(e)) });
      const raw = c.add(await handshakenPush(portOf(await pull.bind("tcp://127.0.0.1:0"))));
      for (let cut = 0; cut <= interleaved.length; cut++) {
        await raw.write(interleaved.subarray(0, cut));
        await sleep(1);
        await raw.write(interleaved.subarray(cut));
        assert.deepEqual(texts(await receiveWithin(pull, 3000, `the message cut at ${cut}`)), [
          "part-1",
          "part-2",
          "part-3",
        ]);
        assert.deepEqual((await raw.readFrame(`the PONG (cut at ${cut})`)).raw, pong);
      }
      assert.deepEqual(events.filter((e) => e.type !== "connect"), []);
    });
  });

  it("golden commands - forward() in place: a PING inside the second of three messages ends the run cleanly, every byte forwarded exactly", async () => {
    await withCleanup(async (c) => {
      const xsub = c.add(under.engine!.socket("xsub", { linger: 0 }));
      const xpub = c.add(under.engine!.socket("xpub", { linger: 0 }));
      const f = xsub.forward!(xpub);
      c.add({ close: () => f.stop() });
      const events: SocketEvent[] = [];
      c.add({ close: xsub.onEvent((e) => events.push(e)) });
      // Downstream: a raw SUB subscribed to everything.
      const down = c.add(await RawPeer.connect(portOf(await xpub.bind("tcp://127.0.0.1:0"))));
      await down.write(Buffer.concat([handshake("SUB"), command("SUBSCRIBE", "")]));
      await down.read(64, "the XPUB's greeting");
      await down.readFrame("the XPUB's READY");
      // Upstream: a raw PUB; the XSUB subscribes to everything through it.
      const up = c.add(await RawPeer.connect(portOf(await xsub.bind("tcp://127.0.0.1:0"))));
      await up.write(handshake("PUB"));
      await up.read(64, "the XSUB's greeting");
      await up.readFrame("the XSUB's READY");
      await xsub.send(Buffer.from([1]));
      assert.deepEqual(
        (await up.readFrame("the XSUB's subscription")).raw,
        command("SUBSCRIBE", ""),
        "a 3.1 peer gets the command form",
      );
      const probe = message("probe");
      await publishUntil(down, () => up.write(probe), (b) => b === "probe", "the XPUB's subscriber to be attached");
      const stream = Buffer.concat([message("one"), interleaved, message("three", "3")]);
      const expected = Buffer.concat([message("one"), message("part-1", "part-2", "part-3"), message("three", "3")]);
      for (let cut = 0; cut <= stream.length; cut += 3) {
        await up.write(stream.subarray(0, cut));
        await sleep(1);
        await up.write(stream.subarray(cut));
        assert.deepEqual(
          await down.read(expected.length, `the forwarded messages (cut at ${cut})`),
          expected,
          `cut at ${cut}`,
        );
        assert.deepEqual((await up.readFrame(`the PONG (cut at ${cut})`)).raw, pong);
      }
      assert.deepEqual(events.filter((e) => e.type !== "connect"), []);
    });
  });

  it("golden commands - libzmq 4.3.4's SUBSCRIBE of a 250-byte topic (04, 8-byte size, no LONG) subscribes; the PUB sends only that topic", async () => {
    await withCleanup(async (c) => {
      const pub = c.add(under.engine!.socket("pub", { linger: 0 }));
      const events: SocketEvent[] = [];
      c.add({ close: pub.onEvent((e) => events.push(e)) });
      const raw = c.add(await RawPeer.connect(portOf(await pub.bind("tcp://127.0.0.1:0"))));
      const topic = Buffer.alloc(250, 0x74);
      const body = Buffer.concat([Buffer.from("\x09SUBSCRIBE", "latin1"), topic]);
      // 260 = 00 00 00 00 00 00 01 04, after flags 04 without the LONG bit.
      const quirky = Buffer.concat([Buffer.from([0x04, 0, 0, 0, 0, 0, 0, 0x01, 0x04]), body]);
      assert.equal(body.length, 260);
      await raw.write(Buffer.concat([handshake("SUB"), quirky]));
      await raw.read(64, "the PUB's greeting");
      await raw.readFrame("the PUB's READY");
      const seen = await publishUntil(
        raw,
        async () => {
          await pub.send("u-not-subscribed");
          await pub.send([Buffer.concat([topic, Buffer.from("!")]), "for it"]);
        },
        (b) => b === "for it",
        "the message on the 250-byte topic",
      );
      assert.ok(!seen.includes("u-not-subscribed"), "only the subscribed topic is sent");
      assert.deepEqual(events.filter((e) => e.type !== "connect"), [], "no protocol error");
      assert.equal(raw.isClosed, false);
    });
  });
});
