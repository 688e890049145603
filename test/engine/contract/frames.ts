/** Contract: multipart messages, frame sizes around the short/long frame boundary, big messages, counters. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Engine } from "../../../src/engine/types.ts";
import { pattern, recv, recvText, withSockets } from "./harness.ts";

/** Registers the frame and counter tests for one engine. */
export function framesContract(name: string, engine: () => Engine): void {
  describe(`engine contract (${name}) - frames`, () => {
    it(`engine contract (${name}) - a multipart message arrives whole, frames in order`, () =>
      withSockets(engine(), async (s) => {
        const [pull, push] = await s.pair("pull", "push");
        await push.send(["one", "two", "three"]);
        await push.send("single");
        assert.deepEqual(await recvText(pull), ["one", "two", "three"]);
        assert.deepEqual(await recvText(pull), ["single"]);
      }));

    it(`engine contract (${name}) - frames of 0, 1, 255, 256 and 65536 bytes keep their bytes`, () =>
      withSockets(engine(), async (s) => {
        const [pull, push] = await s.pair("pull", "push");
        const sizes = [0, 1, 255, 256, 65536];
        await push.send(sizes.map(pattern));
        const got = await recv(pull);
        assert.deepEqual(got.map((f) => f.length), sizes);
        sizes.forEach((n, i) => assert.ok(Buffer.from(pattern(n)).equals(got[i]), `frame of ${n} bytes differs`));
      }));

    it(`engine contract (${name}) - a 1 MiB message arrives intact`, () =>
      withSockets(engine(), async (s) => {
        const [pull, push] = await s.pair("pull", "push");
        const big = pattern(1024 * 1024);
        await push.send(["big", big]);
        const got = await recv(pull);
        assert.equal(got.length, 2);
        assert.equal(got[1].length, big.length);
        assert.ok(Buffer.from(big).equals(got[1]));
      }));

    it(`engine contract (${name}) - counters count messages and payload bytes both ways`, () =>
      withSockets(engine(), async (s) => {
        const [pull, push] = await s.pair("pull", "push");
        const messages = [["abc"], ["de", "f"], [pattern(300)], ["é"]];
        const bytes = 3 + 3 + 300 + 2; // "é" is 2 bytes in UTF-8
        for (const m of messages) await push.send(m);
        for (let i = 0; i < messages.length; i++) await recv(pull);
        const out = push.counters();
        const inc = pull.counters();
        assert.equal(out.messagesOut, messages.length);
        assert.equal(out.bytesOut, bytes);
        assert.equal(out.messagesIn, 0);
        assert.equal(inc.messagesIn, messages.length);
        assert.equal(inc.bytesIn, bytes);
        assert.equal(inc.messagesOut, 0);
        for (const c of [out, inc]) assert.ok(c.drops === null || c.drops === 0, `drops: ${c.drops}`);
      }));
  });
}
