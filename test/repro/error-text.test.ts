import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { errorText } from "../../src/repro/error-text.ts";

describe("error text", () => {
  it("error text - terminal colors in a runtime's message are removed (Deno colors module errors)", () => {
    const e = Object.assign(
      new TypeError(
        'Module not found "file:///x/nope.ts". at \x1b[0m\x1b[36mfile:///x/a.ts\x1b[0m:\x1b[0m\x1b[33m1\x1b[0m',
      ),
      { code: "ERR_MODULE_NOT_FOUND" },
    );
    assert.equal(
      errorText(e),
      'TypeError [ERR_MODULE_NOT_FOUND]: Module not found "file:///x/nope.ts". at file:///x/a.ts:1',
    );
  });

  it("error text - one line, cut to 300 characters", () => {
    assert.equal(errorText(new Error("a\n  b")), "Error: a b");
    const long = errorText("x".repeat(500));
    assert.equal(long.length, 300);
    assert.ok(long.endsWith("..."));
  });
});
