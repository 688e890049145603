// zmtp against real libzmq (zeromq.js) for DEALER/ROUTER and REQ/REP, each side in each role,
// each side binding: envelopes, routing ids (given, and generated as libzmq does) and replies.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { loadEngineOrSkip } from "./helpers/zmtp-engine.ts";
import { libzmqSide, link, loadZeromqOrSkip, withSides, zmtpSide } from "./helpers/interop-sides.ts";
import { receiveWithin, texts, within } from "./helpers/bounded.ts";

const under = await loadEngineOrSkip();
const lib = await loadZeromqOrSkip();
const skip = under.skip || lib.skip;

describe("zmtp interop with libzmq: request-reply", { skip }, () => {
  const zmq = lib.zmq!;
  const engine = under.engine!;

  for (const zmtpRole of ["dealer", "router"] as const) {
    for (const binder of ["dealer", "router"] as const) {
      for (const routingId of ["d-1", undefined]) {
        const libRole = zmtpRole === "dealer" ? "router" : "dealer";
        const idText = routingId ? `routing id "${routingId}"` : "no routing id (a generated one)";
        it(`interop - zmtp ${zmtpRole} and libzmq ${libRole}, the ${binder} binds, ${idText}: requests and replies routed`, async () => {
          const opts = routingId ? { routingId } : {};
          const dealer = zmtpRole === "dealer" ? zmtpSide(engine, "dealer", opts) : libzmqSide(zmq, "dealer", opts);
          const router = zmtpRole === "router" ? zmtpSide(engine, "router") : libzmqSide(zmq, "router");
          await withSides([dealer, router], async () => {
            await (binder === "router" ? link(router, dealer) : link(dealer, router));
            await within(dealer.send(["hello", "", "x"]), 3000, "dealer send");
            const req = await receiveWithin(router, 3000, "the dealer's message on the router");
            assert.deepEqual(texts(req.slice(1)), ["hello", "", "x"], "frames after the routing id");
            const id = Buffer.from(req[0]);
            if (routingId) assert.equal(id.toString(), routingId, "the router sees the dealer's routing id");
            else {
              assert.equal(id.length, 5, `a generated id has 5 bytes (got ${id.toString("hex")})`);
              assert.equal(id[0], 0, "a generated id starts with 0x00");
            }
            for (let i = 0; i < 3; i++) {
              await within(router.send([id, `reply-${i}`, "tail"]), 3000, "router send");
              assert.deepEqual(texts(await receiveWithin(dealer, 3000, `reply ${i}`)), [`reply-${i}`, "tail"]);
            }
            await within(router.send([Buffer.from("nobody"), "lost"]), 3000, "router send to an unknown id");
            await within(dealer.send("still there"), 3000, "dealer send");
            assert.deepEqual(texts((await receiveWithin(router, 3000, "a later message")).slice(1)), ["still there"]);
          });
        });
      }
    }
  }

  for (const zmtpRole of ["req", "rep"] as const) {
    for (const binder of ["req", "rep"] as const) {
      const libRole = zmtpRole === "req" ? "rep" : "req";
      it(`interop - zmtp ${zmtpRole} and libzmq ${libRole}, the ${binder} binds: the envelope is invisible to both applications`, async () => {
        const req = zmtpRole === "req" ? zmtpSide(engine, "req") : libzmqSide(zmq, "req");
        const rep = zmtpRole === "rep" ? zmtpSide(engine, "rep") : libzmqSide(zmq, "rep");
        await withSides([req, rep], async () => {
          await (binder === "rep" ? link(rep, req) : link(req, rep));
          const rounds: Array<[string[], string[]]> = [[["q1"], ["a1"]], [["q2", "part"], ["a2", "x", "y"]], [[""], [
            "",
          ]], [["q4"], ["a4"]]];
          for (const [question, answer] of rounds) {
            await within(req.send(question), 3000, `req send ${question[0]}`);
            assert.deepEqual(texts(await receiveWithin(rep, 3000, `request ${question[0]}`)), question);
            await within(rep.send(answer), 3000, `rep send ${answer[0]}`);
            assert.deepEqual(texts(await receiveWithin(req, 3000, `reply ${answer[0]}`)), answer);
          }
        });
      });
    }
  }
});
