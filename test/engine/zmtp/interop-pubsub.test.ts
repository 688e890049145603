// zmtp against real libzmq (zeromq.js) for PUB/SUB (topic filters) and XPUB/XSUB (subscription
// messages seen by the application), each side in each role, each side binding. The XPUB/XSUB
// expectations are what libzmq 4.3.5 does with itself: XSUB forwards every subscribe but a cancel
// only when its count reaches zero; XPUB passes a subscribe only when new unless verbose, and
// unsubscribes for what a peer held when it goes away (when the XPUB binds).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { loadEngineOrSkip } from "./helpers/zmtp-engine.ts";
import {
  libzmqSide,
  link,
  loadZeromqOrSkip,
  sendUntilReceived,
  type Side,
  withSides,
  zmtpSide,
} from "./helpers/interop-sides.ts";
import { receiveWithin, texts, within } from "./helpers/bounded.ts";

const under = await loadEngineOrSkip();
const lib = await loadZeromqOrSkip();
const skip = under.skip || lib.skip;

const sub = (topic: string) => Buffer.concat([Buffer.from([1]), Buffer.from(topic)]);
const cancel = (topic: string) => Buffer.concat([Buffer.from([0]), Buffer.from(topic)]);
const hex = (frames: Buffer[]) => frames.map((f) => Buffer.from(f).toString("hex")).join("|");

async function receiveTexts(s: Side, n: number, what: string): Promise<string[][]> {
  const out: string[][] = [];
  for (let i = 0; i < n; i++) out.push(texts(await receiveWithin(s, 3000, `${what} #${i + 1}`)));
  return out;
}

describe("zmtp interop with libzmq: publish-subscribe", { skip }, () => {
  const zmq = lib.zmq!;
  const engine = under.engine!;

  for (const zmtpRole of ["pub", "sub"] as const) {
    for (const binder of ["pub", "sub"] as const) {
      const libRole = zmtpRole === "pub" ? "sub" : "pub";
      it(`interop - zmtp ${zmtpRole} and libzmq ${libRole}, the ${binder} binds: only subscribed topics arrive, in order`, async () => {
        const z = zmtpSide(engine, zmtpRole);
        const l = libzmqSide(zmq, libRole);
        const [pub, subscriber] = zmtpRole === "pub" ? [z, l] : [l, z];
        await withSides([z, l], async () => {
          subscriber.subscribe("A");
          subscriber.subscribe("C");
          await (binder === "pub" ? link(pub, subscriber) : link(subscriber, pub));
          assert.deepEqual(texts(await sendUntilReceived(pub, subscriber, ["A-sync"])), ["A-sync"]);
          for (
            const m of [["A-1"], ["B-1"], ["C-1"], ["D-1"], ["AB-2"], ["C", "multi", "part"], ["B-2", "x"], ["C-end"]]
          ) {
            await within(pub.send(m), 2000, `publish ${m[0]}`);
          }
          const got: string[][] = [];
          for (let i = 0; i < 200; i++) {
            const m = texts(await receiveWithin(subscriber, 3000, "the published sequence"));
            if (m[0] === "A-sync" && got.length === 0) continue; // probes still in flight
            got.push(m);
            if (m[0] === "C-end") break;
          }
          assert.deepEqual(got, [["A-1"], ["C-1"], ["AB-2"], ["C", "multi", "part"], ["C-end"]]);
        });
      });
    }
  }

  const xCases = [
    { xpub: "zmtp", verbosity: null },
    { xpub: "zmtp", verbosity: "allSubs" },
    { xpub: "libzmq", verbosity: null },
    { xpub: "libzmq", verbosity: "allSubs" },
  ] as const;
  for (const { xpub: xpubEngine, verbosity } of xCases) {
    for (const binder of ["xpub", "xsub"] as const) {
      const zmtpRole = xpubEngine === "zmtp" ? "xpub" : "xsub";
      it(`interop - zmtp ${zmtpRole} with libzmq ${zmtpRole === "xpub" ? "xsub" : "xpub"}, verbosity ${verbosity}, the ${binder} binds: subscription messages as libzmq gives them`, async () => {
        const xpub = xpubEngine === "zmtp"
          ? zmtpSide(engine, "xpub", { verbosity })
          : libzmqSide(zmq, "xpub", { verbosity });
        const xsub = xpubEngine === "zmtp" ? libzmqSide(zmq, "xsub", {}, true) : zmtpSide(engine, "xsub");
        await withSides([xpub, xsub], async () => {
          await (binder === "xpub" ? link(xpub, xsub) : link(xsub, xpub));
          // A libzmq XSUB that binds forgets subscriptions sent before a peer is attached.
          if (binder === "xsub" && xsub.nextHandshake) await xsub.nextHandshake(3000);
          await within(xsub.send(sub("A")), 2000, "xsub send 1A");
          assert.equal(hex(await receiveWithin(xpub, 3000, "the first subscription")), hex([sub("A")]));
          for (const m of [sub("A"), sub("B"), cancel("A"), cancel("C"), sub("C")]) {
            await within(xsub.send(m), 2000, "xsub send");
          }
          const expected = verbosity === "allSubs" ? [sub("A"), sub("B"), sub("C")] : [sub("B"), sub("C")];
          const seen: string[] = [];
          for (const _ of expected) seen.push(hex(await receiveWithin(xpub, 3000, "subscription messages")));
          assert.deepEqual(seen, expected.map((e) => hex([e])));
          for (const m of ["A-1", "B-1", "D-1", "C-1"]) await within(xpub.send(m), 2000, `xpub send ${m}`);
          assert.deepEqual(await receiveTexts(xsub, 3, "published messages"), [["A-1"], ["B-1"], ["C-1"]]);
          await within(xsub.send(cancel("A")), 2000, "xsub send 0A");
          assert.equal(hex(await receiveWithin(xpub, 3000, "the cancel of A")), hex([cancel("A")]));
          // libzmq keeps a connecting socket's pipe across reconnects, so only an XPUB that
          // binds hears the unsubscribes of a peer that goes away.
          if (binder === "xsub") return;
          xsub.close();
          const gone = [
            hex(await receiveWithin(xpub, 3000, "unsubscribe 1 at disconnect")),
            hex(await receiveWithin(xpub, 3000, "unsubscribe 2")),
          ];
          assert.deepEqual(gone.sort(), [hex([cancel("B")]), hex([cancel("C")])]);
        });
      });
    }
  }
});
