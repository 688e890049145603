import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { promiseState, rejectedWith } from "../../src/preload/promise-state.ts";

const rejected = (reason: unknown) => {
  const p = Promise.reject(reason);
  p.catch(() => {});
  return p;
};

describe("preload - promise state", () => {
  it("preload - a promise's state is read without settling or handling it", async () => {
    let resolve!: (v: unknown) => void;
    const pending = new Promise((r) => (resolve = r));
    assert.equal(promiseState(pending), "pending");
    assert.equal(promiseState(Promise.resolve("<pending>")), "fulfilled");
    assert.equal(promiseState(rejected(new Error("x"))), "rejected");
    assert.equal(promiseState(42), "fulfilled");
    resolve(1);
    await pending;
    assert.equal(promiseState(pending), "fulfilled");
  });

  it("preload - rejectedWith matches the very reason, not an equal one, and leaves no trace on it", () => {
    const reason = Object.assign(new Error("Operation was not possible or timed out"), { code: "EAGAIN", errno: 11 });
    const twin = Object.assign(new Error("Operation was not possible or timed out"), { code: "EAGAIN", errno: 11 });
    twin.stack = reason.stack;
    const keysBefore = Reflect.ownKeys(reason);
    const mine = rejected(reason);
    const other = rejected(twin);
    const fulfilled = Promise.resolve(reason);
    assert.equal(rejectedWith([other, fulfilled, mine], reason), mine);
    assert.equal(rejectedWith([other, fulfilled, mine], twin), other);
    assert.deepEqual(Reflect.ownKeys(reason), keysBefore);
    assert.ok(keysBefore.includes("code"));
  });

  it("preload - a reason that cannot carry a mark (a string, a frozen error) matches nothing", () => {
    const frozen = Object.freeze(new Error("frozen"));
    assert.equal(rejectedWith([rejected("text")], "text"), undefined);
    assert.equal(rejectedWith([rejected(frozen)], frozen), undefined);
  });
});
