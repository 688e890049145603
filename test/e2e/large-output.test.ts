// A `sub --json` summary of several MB, read through a pipe, arrives whole on the runtime the
// tests run on: the summary lists every gap of 400 streams, each with 400 one-number gaps, and
// sub exits 1 (findings) right after writing it, which is where Bun used to cut the output.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createZmtpEngine } from "../../src/engine/zmtp/index.ts";
import { headerSize, writeHeader } from "../../src/stream/message-header.ts";
import { startCli } from "../helpers/cli.ts";
import { freeEndpoint } from "../helpers/ports.ts";

const streams = 400;
const gapsPerStream = 400;

describe("large output", () => {
  it("large output - a multi-MB sub --json summary reaches the pipe whole, ending with a newline", async () => {
    const ep = await freeEndpoint();
    const messages = streams * (gapsPerStream + 1);
    const sub = startCli([
      "sub",
      ep,
      "--bind",
      "--type",
      "pull",
      "--engine",
      "zmtp",
      "--count",
      String(messages),
      "--duration",
      "60",
      "--json",
    ], { timeoutMs: 90_000 });
    await sub.waitFor('"type":"start"', 20_000);
    const engine = createZmtpEngine();
    const push = engine.socket("push", { linger: 5000 });
    try {
      await push.connect(ep);
      // Each stream sends 0, 2, 4, ... so every odd number is a one-number gap.
      for (let k = 0; k <= gapsPerStream; k++) {
        for (let s = 1; s <= streams; s++) {
          const payload = new Uint8Array(headerSize);
          writeHeader(payload, s, 2 * k, Date.now() * 1000);
          await push.send(payload);
        }
      }
      const r = await sub.done;
      assert.equal(r.timedOut, false, r.stderr);
      assert.ok(r.stdout.endsWith("\n"), `the output does not end with a newline (${r.stdout.length} bytes)`);
      const lines = r.stdout.trimEnd().split("\n");
      const events = lines.map((l, i) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          throw new Error(`line ${i + 1} of ${lines.length} is cut: ...${l.slice(-80)}`);
        }
      });
      const summary = events[events.length - 1];
      assert.equal(summary.type, "summary");
      assert.ok(
        Buffer.byteLength(lines[lines.length - 1]) > 2_000_000,
        `the summary is only ${Buffer.byteLength(lines[lines.length - 1])} bytes`,
      );
      assert.equal(summary.received, messages);
      assert.equal(summary.lost, streams * gapsPerStream);
      assert.equal((summary.streams as unknown[]).length, streams);
      assert.equal(r.code, 1, r.stderr);
    } finally {
      push.close();
      sub.child.kill("SIGKILL");
    }
  });
});
