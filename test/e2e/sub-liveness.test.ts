/**
 * `sub` on a run that receives nothing, or stops receiving: never connected, connected but
 * nothing arrived, an idle publisher on a live connection, a dead connection (heartbeats on the
 * zmtp engine); and --expect's tail against a pyzmq publisher.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseJsonLines, runCli, startCli } from "../helpers/cli.ts";
import { freeEndpoint } from "../helpers/ports.ts";
import { pythonInfo } from "../helpers/python.ts";
import { pyzmqPub } from "../helpers/pyzmq-pub.ts";
import { lateJoinWindowMs } from "../../src/stream/loss-causes.ts";
import { assertEngineCarries, summaryOf } from "./pubsub-helpers.ts";

describe("sub liveness", () => {
  before(() => assertEngineCarries("zmtp"));

  it("sub liveness - nothing listening: 'never connected to' the endpoint, exit 1, and no 'connected' line", async () => {
    const ep = await freeEndpoint();
    const r = await runCli(["sub", ep, "--duration", "1"]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`^ {2}nothing {5}never connected to ${ep.replace(/\./g, "\\.")}$`, "m"));
    assert.match(r.stdout, /FINDINGS: no message arrived/);
    assert.match(r.stderr, /connecting to /);
    assert.doesNotMatch(r.stderr, /connected to/);
    const j = summaryOf(await runCli(["sub", "tcp://256.1.1.1:5555", "--duration", "1", "--json"]));
    assert.deepEqual([j.received, j.noMessages, j.connects, j.clean], [
      0,
      "never connected to tcp://256.1.1.1:5555",
      0,
      false,
    ]);
  });

  it("sub liveness - connected, but the subscription matches nothing: says so, exit 1", async () => {
    const ep = await freeEndpoint();
    const pub = startCli(["pub", ep, "--bind", "--topic", "a", "--rate", "1000", "--duration", "5"], {
      timeoutMs: 15_000,
    });
    await pub.waitFor("bound", 10_000, "stderr");
    const r = await runCli(["sub", ep, "--topic", "b", "--duration", "1.5", "--json"]);
    pub.child.kill("SIGINT");
    await pub.done;
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const s = summaryOf(r);
    assert.equal(
      s.noMessages,
      'connected, but no message arrived: is the publisher sending, and does the subscription ("b") match its topics?',
    );
    assert.equal(s.connects, 1);
  });

  it("sub liveness - an idle publisher on a live connection, then a dead connection (heartbeats)", {
    skip: pythonInfo().skipPyzmq,
  }, async () => {
    const ep = await freeEndpoint();
    const pub = pyzmqPub(ep, "subscribed,send:0-9,hold");
    try {
      const idle = startCli(["sub", ep, "--heartbeat", "200", "--duration", "2.5", "--json"], { timeoutMs: 15_000 });
      const r1 = await idle.done;
      const s1 = summaryOf(r1);
      // The progress events say it as it happens, not only the summary.
      const links = parseJsonLines(r1.stdout).filter((e) => e.type === "progress").map((e) => e.link);
      assert.ok(links.includes("idle-alive"), JSON.stringify(links));
      assert.deepEqual([s1.received, s1.link, s1.clean], [10, "idle-alive", true]);
      assert.ok(typeof s1.idleSince === "number" && (s1.idleSince as number) < 1500, String(s1.idleSince));
      assert.match(
        s1.linkText as string,
        /^publisher idle since \+\d\.\d s, connection alive \(heartbeat answered at \+\d\.\d s\)$/,
      );
      assert.ok(
        typeof s1.lastPongAt === "number" && (s1.lastPongAt as number) > (s1.idleSince as number),
        `lastPongAt ${s1.lastPongAt}`,
      );
      const dead = startCli(["sub", ep, "--heartbeat", "200", "--duration", "3", "--json"], { timeoutMs: 15_000 });
      await dead.waitFor('"type":"connect"', 5000);
      // Alive as a process, deaf as a peer: its heartbeats stop. process.kill, not child.kill: Deno's
      // child_process sends no further signal to a child it has signalled once.
      process.kill(pub.child.pid!, "SIGSTOP");
      await dead.waitFor('"type":"disconnect"', 5000);
      const s2 = summaryOf(await dead.done);
      assert.deepEqual([s2.received, s2.link, s2.noMessages], [
        0,
        "dead",
        "connected (now disconnected), but no message arrived: is the publisher sending, and does the subscription (everything) match its topics?",
      ]);
      assert.match(s2.linkText as string, /^connection dead since \+\d\.\d s/);
    } finally {
      process.kill(pub.child.pid!, "SIGKILL");
      await pub.exited;
    }
  });

  it("sub liveness - --expect against pyzmq: the tail after the highest seen is a gap (lost 53)", {
    skip: pythonInfo().skipPyzmq,
  }, async () => {
    const ep = await freeEndpoint();
    const sub = startCli(["sub", ep, "--expect", "5000", "--idle-timeout", "1000", "--json"], { timeoutMs: 20_000 });
    await sub.waitFor('"type":"start"');
    // Once subscribed, a deliberate pause past the late-join window: the first message then comes
    // well after the connection, so the skipped 0 reads as upstream, not as sent before the subscription.
    const pause = `sleep:${(3 * lateJoinWindowMs) / 1000}`;
    const pub = pyzmqPub(ep, `skip:0,skip:77,skip:1000-1049,skip:4999,subscribed,${pause},send:0-4999@10000`);
    const r = await sub.done;
    assert.equal(await pub.exited, 0, pub.output());
    const s = summaryOf(r);
    assert.deepEqual([s.gaps, s.lost, s.missing, s.received, s.stopReason], [
      [[0, 0], [77, 77], [1000, 1049], [4999, 4999]],
      53,
      53,
      4947,
      "idle",
    ]);
    assert.equal(s.lostByCause && (s.lostByCause as Record<string, number>).upstream, 53, JSON.stringify(s.gapDetails));
  });
});
