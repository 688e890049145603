import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { errorExit } from "../../src/cli/run-action.ts";
import { UsageError } from "../../src/cli/usage-error.ts";
import { EndpointError, parseEndpoint } from "../../src/engine/endpoint.ts";
import { EngineUnavailableError, loadEngine, resolveEngineName } from "../../src/engine/load.ts";
import { parseSeqSpec, SeqSpecError } from "../../src/stream/seq-extractor.ts";
import type { SocketType } from "../../src/engine/types.ts";
import { UserError } from "../../src/user-error.ts";
import { testableEngines } from "../helpers/engines.ts";

/** What `body` throws (it must throw). */
function thrown(body: () => unknown): unknown {
  try {
    body();
  } catch (e) {
    return e;
  }
  assert.fail("expected a throw");
}

describe("run action", () => {
  for (const name of testableEngines()) {
    it(`run action (${name}) - an engine's EINVAL from zmqdiag's own misuse is an internal error, exit 1, never the user's exit 2`, async () => {
      const engine = await loadEngine(name);
      const e = thrown(() => engine.socket("no-such-type" as SocketType));
      assert.equal((e as { code?: string }).code, "EINVAL");
      const end = errorExit(e, false);
      assert.equal(end.code, 1);
      assert.match(end.text, /^zmqdiag: internal error: unknown socket type "no-such-type"\n$/);
    });
  }

  it("run action - a user error is one line and exit 2, with no stack even when ZMQDIAG_DEBUG asks for stacks", () => {
    const e = thrown(() => parseEndpoint("tcp://127.0.0.1:70000"));
    assert.ok(e instanceof EndpointError && e instanceof UserError);
    const end = errorExit(e, true);
    assert.equal(end.code, 2);
    assert.equal(end.text, 'zmqdiag: invalid endpoint "tcp://127.0.0.1:70000": port 70000 is out of range 1-65535\n');
  });

  it("run action - a bug's stack is shown only when asked for", () => {
    const bug = new TypeError("x is undefined");
    assert.equal(errorExit(bug, false).text, "zmqdiag: internal error: x is undefined\n");
    const debug = errorExit(bug, true);
    assert.equal(debug.code, 1);
    assert.ok(debug.text.startsWith(`zmqdiag: internal error: x is undefined\n${bug.stack}`), debug.text);
  });

  it("run action - a bad --seq and an engine this runtime cannot run are user errors as thrown, with no re-wrapping", () => {
    const seq = thrown(() => parseSeqSpec("bogus"));
    assert.ok(seq instanceof SeqSpecError && seq instanceof UserError);
    assert.deepEqual(errorExit(seq, true), { code: 2, text: `zmqdiag: ${seq.message}\n` });
    const engine = thrown(() => resolveEngineName("native", "bun"));
    assert.ok(engine instanceof EngineUnavailableError && engine instanceof UserError);
    assert.equal(errorExit(engine, true).code, 2);
  });

  it("run action - every user error carries exit 2 and keeps its cause", () => {
    const cause = new Error("underneath");
    for (
      const e of [
        new UsageError("bad option", { cause }),
        new EndpointError("bad endpoint", { cause, code: "EADDRINUSE" }),
      ]
    ) {
      assert.equal(e.exitCode, 2);
      assert.equal(e.cause, cause);
      assert.equal(errorExit(e).code, 2);
    }
  });
});
