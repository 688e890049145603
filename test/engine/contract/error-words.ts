/** Contract: the same fault has the same code and the same words on every engine (engine/errors.ts). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  busyError,
  closedError,
  timeoutError,
  unknownSocketTypeError,
  unsupportedError,
} from "../../../src/engine/errors.ts";
import { canReceive, canSend } from "../../../src/engine/socket-directions.ts";
import type { Engine, SocketType } from "../../../src/engine/types.ts";
import { anyPort, rejection, withSockets } from "./harness.ts";

/** Asserts `e` is `want`'s error: same code, same message. */
function same(e: unknown, want: { code: string; message: string }): void {
  assert.equal((e as { code?: string }).code, want.code);
  assert.equal((e as Error).message, want.message);
}

/** Registers the error-words tests for one engine. */
export function errorWordsContract(name: string, engine: () => Engine): void {
  describe(`engine contract (${name}) - error words`, () => {
    it(`engine contract (${name}) - a closed socket's send and receive reject with the shared EBADF`, () =>
      withSockets(engine(), async (s) => {
        const push = s.make("push");
        const pull = s.make("pull");
        push.close();
        pull.close();
        same(await rejection(push.send("x")), closedError());
        same(await rejection(pull.receive()), closedError());
      }));

    it(`engine contract (${name}) - an operation the type lacks rejects with the shared ENOTSUP`, () =>
      withSockets(engine(), async (s) => {
        same(await rejection(s.make("pull").send("x")), unsupportedError("pull", "send"));
        same(await rejection(s.make("push").receive()), unsupportedError("push", "receive"));
        same(await rejection(s.make("pub").receive()), unsupportedError("pub", "receive"));
        same(await rejection(s.make("sub").send("x")), unsupportedError("sub", "send"));
        assert.throws(
          () => s.make("push").subscribe("a"),
          (e) => (same(e, unsupportedError("push", "subscribe")), true),
        );
      }));

    it(`engine contract (${name}) - every socket type sends and receives as the one table says`, () =>
      withSockets(engine(), async (s) => {
        const types: SocketType[] = [
          "pub",
          "xpub",
          "sub",
          "xsub",
          "push",
          "pull",
          "pair",
          "dealer",
          "router",
          "req",
          "rep",
        ];
        for (const type of types) {
          if (!canSend(type)) same(await rejection(s.make(type).send("x")), unsupportedError(type, "send"));
          if (!canReceive(type)) same(await rejection(s.make(type).receive()), unsupportedError(type, "receive"));
          // A type that can receive is not refused as unsupported (it times out, or a REQ's order refuses it).
          if (canReceive(type)) {
            assert.ok(
              ["EAGAIN", "EFSM"].includes((await rejection(s.make(type, { receiveTimeout: 1 }).receive())).code!),
              type,
            );
          }
        }
      }));

    it(`engine contract (${name}) - a second receive and a timed-out receive use the shared EBUSY and EAGAIN`, () =>
      withSockets(engine(), async (s) => {
        const pull = s.make("pull", { receiveTimeout: 80 });
        await pull.bind(anyPort);
        const first = pull.receive();
        same(await rejection(pull.receive()), busyError("receive"));
        same(await rejection(first), timeoutError("receive", 80));
      }));

    it(`engine contract (${name}) - an unknown socket type is the shared EINVAL`, () => {
      assert.throws(
        () => engine().socket("bogus" as SocketType),
        (e) => (same(e, unknownSocketTypeError("bogus")), true),
      );
    });
  });
}
