import { describe, it } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { runCli } from "../helpers/cli.ts";
import { testableEngines } from "../helpers/engines.ts";
import { runtimeName } from "../../src/runtime/runtime-name.ts";
import { oneLineNoStack } from "./pubsub-helpers.ts";

/** Each bad command line, and what its one line must say. */
const badInputs: Array<[string[], RegExp]> = [
  [["sub", "tcp://127.0.0.1"], /expected tcp:\/\/host:port/],
  [["sub", "tcp://127.0.0.1:70000"], /out of range/],
  [["pub", "inproc://x"], /inproc:\/\/ only works inside one process/],
  [["sub", "udp://127.0.0.1:5"], /unsupported transport "udp"/],
  [["pub", "tcp://127.0.0.1:5", "--count", "-5"], /--count/],
  [["pub", "tcp://127.0.0.1:5", "--count", "ten"], /expected a whole number/],
  [["pub", "tcp://127.0.0.1:5", "--rate", "0"], /expected a number > 0/],
  [["pub", "tcp://127.0.0.1:5", "--size", "10"], /smaller than the 32-byte message header/],
  [["pub", "tcp://127.0.0.1:5", "--size", "x"], /expected a whole number/],
  [["pub", "tcp://127.0.0.1:5", "--skip", "5-3"], /range "5-3" ends before it starts/],
  [["pub", "tcp://127.0.0.1:5", "--skip", "1,,2"], /invalid --skip/],
  [["pub", "tcp://127.0.0.1:5", "--stream", "4294967296"], /--stream .* out of range/],
  [["sub", "tcp://127.0.0.1:5", "--seq", "bogus"], /invalid --seq "bogus"/],
  [["sub", "tcp://127.0.0.1:5", "--seq", "text:("], /bad regular expression/],
  [["sub", "tcp://127.0.0.1:5", "--seq", "u64be:x"], /needs a byte offset/],
  [["sub", "tcp://127.0.0.1:5", "--type", "pull", "--topic", "a"], /PULL socket has no subscriptions/],
  [["sub", "tcp://127.0.0.1:5", "--type", "dealer"], /expected one of sub, pull, xsub/],
  [["sub", "tcp://127.0.0.1:5", "--bogus"], /unknown option '--bogus'/],
  [["pub", "tcp://127.0.0.1:5", "--engine", "fast"], /expected one of auto, native, zmtp/],
  [["pub"], /missing required argument 'endpoint'/],
];

describe("pubsub usage", () => {
  it("pubsub usage - each bad input is one line on stderr, exit 2, no stack", async () => {
    const results = await Promise.all(badInputs.map(([args]) => runCli(args)));
    results.forEach((r, i) => {
      const [args, want] = badInputs[i];
      const what = `${args.join(" ")} -> exit ${r.code}, stderr ${JSON.stringify(r.stderr)}`;
      assert.equal(r.code, 2, what);
      assert.match(r.stderr, want, what);
      assert.ok(oneLineNoStack(r.stderr), what);
      assert.equal(r.stdout, "", what);
    });
  });

  it("pubsub usage - --engine native on Bun is refused with one line, exit 2", {
    skip: runtimeName() === "bun" ? false : "only Bun refuses the native engine",
  }, async () => {
    const r = await runCli(["sub", "tcp://127.0.0.1:5", "--engine", "native"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot run on Bun/);
    assert.ok(oneLineNoStack(r.stderr));
  });

  for (const engine of testableEngines()) {
    it(`pubsub usage (${engine}) - a port in use is one line and exit 2`, async () => {
      const srv = net.createServer();
      await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
      const port = (srv.address() as net.AddressInfo).port;
      try {
        // ZMQDIAG_DEBUG shows a bug's stack; a user's mistake never has one.
        const r = await runCli(["sub", `tcp://127.0.0.1:${port}`, "--bind", "--engine", engine], {
          env: { ZMQDIAG_DEBUG: "1" },
        });
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, new RegExp(`cannot bind tcp://127.0.0.1:${port}: address already in use`));
        assert.ok(oneLineNoStack(r.stderr), r.stderr);
      } finally {
        srv.close();
      }
    });
  }
});
