import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { crashCause, crashCauses } from "../../../src/repro/command/crash-causes.ts";

// One real line per entry of the table, as the program printed it.
const examples: Record<string, string[]> = {
  "libzmq-thread-misuse": [
    "Assertion failed: !_more (src/mailbox.cpp:99)",
    "Assertion failed: ok (src/object.cpp:125)",
    "Bad file descriptor (src/signaler.cpp:303)",
    "Assertion failed: _input_stopped (src/stream_engine_base.cpp:389)",
  ],
  "zeromq-js-on-bun": ["panic(main thread): unsupported uv function: uv_poll_init_socket"],
  "native-addon-abort": [
    "FATAL ERROR: v8::ToLocalChecked Empty MaybeLocal.",
    "terminate called after throwing an instance of 'zmq::error_t'",
  ],
};

describe("repro command crash causes", () => {
  for (const entry of crashCauses) {
    it(`repro command crash causes - ${entry.id} is named from its real lines`, () => {
      const lines = examples[entry.id];
      assert.ok(lines?.length, `no example line for ${entry.id}`);
      for (const line of lines) {
        const found = crashCause(`some output\n${line}\n----- Native stack trace -----\n`);
        assert.deepEqual(found, { id: entry.id, cause: entry.cause, line });
      }
    });
  }

  it("repro command crash causes - an unknown crash text has no cause", () => {
    assert.equal(crashCause("Segmentation fault (core dumped)\n"), undefined);
  });

  it("repro command crash causes - Deno's colors do not hide a cause", () => {
    assert.equal(
      crashCause("\x1b[31mAssertion failed: !_more (src/mailbox.cpp:99)\x1b[0m")?.id,
      "libzmq-thread-misuse",
    );
  });
});
