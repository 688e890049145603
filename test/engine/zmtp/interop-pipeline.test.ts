// zmtp against real libzmq (zeromq.js) for PUSH/PULL and PAIR, each side as sender and receiver,
// each side binding: multipart messages and bodies of 0, 255, 256 bytes and 1 MiB arrive whole.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { loadEngineOrSkip } from "./helpers/zmtp-engine.ts";
import { libzmqSide, link, loadZeromqOrSkip, type Side, withSides, zmtpSide } from "./helpers/interop-sides.ts";
import { receiveWithin, within } from "./helpers/bounded.ts";

const under = await loadEngineOrSkip();
const lib = await loadZeromqOrSkip();
const skip = under.skip || lib.skip;

function patterned(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

/** Messages every pair must carry intact, in order. */
const messages: Buffer[][] = [
  [Buffer.from("hello")],
  [Buffer.from("multi"), Buffer.from("part"), Buffer.from("message")],
  [Buffer.alloc(0)],
  [patterned(255, 1)],
  [patterned(256, 2)],
  [patterned(1024 * 1024, 3)],
  [Buffer.alloc(0), Buffer.from("empty first frame"), Buffer.alloc(0)],
  [patterned(256, 4), patterned(255, 5), patterned(70_000, 6)],
];

function describeMessage(m: Buffer[]): string {
  return `[${m.map((f) => f.length).join(", ")} bytes]`;
}

async function sendAndCheck(from: Side, to: Side): Promise<void> {
  for (const m of messages) {
    await within(from.send(m), 5000, `${from.label} to send ${describeMessage(m)}`);
    const got = await receiveWithin(to, 5000, `${describeMessage(m)} on ${to.label}`);
    assert.equal(got.length, m.length, `frame count of ${describeMessage(m)}`);
    got.forEach((f, i) =>
      assert.ok(Buffer.from(f).equals(m[i]), `frame ${i} of ${describeMessage(m)} differs (got ${f.length} bytes)`)
    );
  }
}

describe("zmtp interop with libzmq: pipeline and pair", { skip }, () => {
  const zmq = lib.zmq!;
  const engine = under.engine!;

  for (const zmtpRole of ["push", "pull"] as const) {
    for (const binder of ["push", "pull"] as const) {
      const libRole = zmtpRole === "push" ? "pull" : "push";
      it(`interop - zmtp ${zmtpRole} to libzmq ${libRole}, the ${binder} binds: every message intact and in order`, async () => {
        const z = zmtpSide(engine, zmtpRole);
        const l = libzmqSide(zmq, libRole);
        const [push, pull] = zmtpRole === "push" ? [z, l] : [l, z];
        await withSides([z, l], async () => {
          await (binder === "push" ? link(push, pull) : link(pull, push));
          await sendAndCheck(push, pull);
        });
      });
    }
  }

  for (const binder of ["zmtp", "libzmq"] as const) {
    it(`interop - zmtp pair and libzmq pair, ${binder} binds: messages both ways intact and in order`, async () => {
      const z = zmtpSide(engine, "pair");
      const l = libzmqSide(zmq, "pair");
      await withSides([z, l], async () => {
        await (binder === "zmtp" ? link(z, l) : link(l, z));
        await sendAndCheck(z, l);
        await sendAndCheck(l, z);
      });
    });
  }
});
