import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixture, nodeBin, runProgram } from "./run-program.ts";

describe("preload zeromq - Proxies, Contexts and events", () => {
  it("preload zeromq - a Proxy left running: the hang names its run line, its Context and its sockets", async () => {
    const r = await runProgram([nodeBin, fixture("proxy-running.mjs")], ["--timeout", "1500"]);
    const f = fixture("proxy-running.mjs");
    const state = r.details.hang?.state?.zeromq as unknown as {
      contextsAndProxies: Array<
        { class: string; created: string; pending: Array<{ operation: string; site: string }>; keepsAlive: boolean }
      >;
    } | undefined;
    assert.ok(state, `no zeromq state: ${JSON.stringify(r.details)}`);
    assert.deepEqual(
      state.contextsAndProxies.map((
        o,
      ) => [o.class, o.created, o.pending.map((p) => [p.operation, p.site]), o.keepsAlive]),
      [
        ["Context", `${f}:5:17`, [], false],
        ["Proxy", `${f}:6:15`, [["run", `${f}:9:13`]], true],
      ],
    );
    assert.deepEqual(
      r.details.hang?.pending.map((l) =>
        l.replace(/tcp:\/\/127\.0\.0\.1:\d+/, "tcp://127.0.0.1:*").replace(/pending [\d.]+ m?s/, "pending *")
      ),
      [
        `XSubscriber created at ${f}:6:25, bound tcp://127.0.0.1:*, never closed`,
        `XPublisher created at ${f}:6:55, bound tcp://127.0.0.1:*, never closed`,
        `Proxy created at ${f}:6:15, run pending * (${f}:9:13), keeps the event loop alive`,
      ],
    );
  });

  it("preload zeromq - an events listener left on an open socket: an events operation that keeps the loop alive", async () => {
    const r = await runProgram([nodeBin, fixture("events-listener.mjs")], ["--timeout", "1500"]);
    const f = fixture("events-listener.mjs");
    const [pull] = r.details.hang?.state?.zeromq?.sockets ?? [];
    assert.equal(pull?.created, `${f}:5:14`);
    assert.deepEqual(pull.pending.map((p) => [p.operation, p.site, p.keepsAlive]), [["events", `${f}:6:13`, true]]);
  });
});
