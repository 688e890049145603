import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  autoEngine,
  engineChoices,
  EngineUnavailableError,
  loadEngine,
  nativeUnsupportedReason,
  resolveEngineName,
  streamingEngine,
} from "../../src/engine/load.ts";
import { runtimeName } from "../../src/runtime/runtime-name.ts";
import { skipNative } from "../helpers/engines.ts";

describe("engine load", () => {
  it("engine load - auto means native on Node and zmtp on Deno and Bun", () => {
    assert.equal(autoEngine("node"), "native");
    assert.equal(autoEngine("deno"), "zmtp");
    assert.equal(autoEngine("bun"), "zmtp");
    assert.equal(resolveEngineName("auto", "node"), "native");
    assert.equal(resolveEngineName("auto", "deno"), "zmtp");
    assert.equal(resolveEngineName("auto", "bun"), "zmtp");
    assert.deepEqual([...engineChoices], ["auto", "native", "zmtp"]);
  });

  it("engine load - auto means zmtp for pub, sub and bus on every runtime; an explicit choice stays", () => {
    assert.deepEqual([streamingEngine("auto"), streamingEngine("native"), streamingEngine("zmtp")], [
      "zmtp",
      "native",
      "zmtp",
    ]);
  });

  it("engine load - native is refused on Bun with the uv_poll_init_socket crash named, on one line", () => {
    const why = nativeUnsupportedReason("bun");
    assert.ok(why);
    assert.match(why, /uv_poll_init_socket/);
    assert.doesNotMatch(why, /\n/);
    assert.equal(nativeUnsupportedReason("node"), undefined);
    assert.equal(nativeUnsupportedReason("deno"), undefined);
    assert.throws(
      () => resolveEngineName("native", "bun"),
      (e: unknown) => e instanceof EngineUnavailableError && /uv_poll_init_socket/.test(e.message),
    );
    assert.equal(resolveEngineName("native", "deno"), "native");
    assert.equal(resolveEngineName("zmtp", "node"), "zmtp");
  });

  it("engine load - loadEngine refuses native for Bun before touching the addon", async () => {
    await assert.rejects(
      loadEngine("native", "bun"),
      (e: unknown) => e instanceof EngineUnavailableError && /oven-sh\/bun#18546/.test(e.message),
    );
  });

  it("engine load - the native engine loads and names libzmq and zeromq.js", { skip: skipNative() }, async () => {
    const engine = await loadEngine("native");
    assert.equal(engine.name, "native");
    assert.match(engine.version, /^libzmq 4\.\d+\.\d+ \(zeromq\.js \d+\.\d+\.\d+\)$/);
    const s = engine.socket("pull");
    assert.equal(s.engine, "native");
    assert.equal(s.type, "pull");
    s.close();
  });

  it("engine load - auto loads the engine meant for this runtime", async () => {
    try {
      const engine = await loadEngine("auto");
      assert.equal(engine.name, autoEngine(runtimeName()));
    } catch (e) {
      // An engine that has not landed yet says so; anything else is a failure.
      assert.ok(e instanceof EngineUnavailableError && /not available yet/.test(e.message), String(e));
    }
  });
});
