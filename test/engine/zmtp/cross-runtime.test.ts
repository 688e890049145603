// The zmtp engine under Deno and under Bun exchanging messages with zeromq.js (native engine)
// under Node, through the real CLI: `zmqdiag sub`/`pub` as separate processes over loopback, in
// both directions. Runs from the node runner only, since it starts every runtime itself.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseJsonLines, runCli, startCli } from "../../helpers/cli.ts";
import { type RuntimeName, runtimeName } from "../../../src/runtime/runtime-name.ts";
import { runtimeExecutable } from "../../../src/runtime/runtime-command.ts";
import { loadEngineOrSkip } from "./helpers/zmtp-engine.ts";

const COUNT = 2000;

async function whyNot(): Promise<string | false> {
  if (runtimeName() !== "node") {
    return `runs from the node runner only: it starts node, deno and bun itself (this is ${runtimeName()})`;
  }
  const zmtp = await loadEngineOrSkip("zmtp");
  if (zmtp.skip) return zmtp.skip;
  const native = await loadEngineOrSkip("native");
  if (native.skip) return native.skip;
  for (const cmd of ["pub", "sub"]) {
    const help = await runCli([cmd, "--help"]);
    if (help.code !== 0 || !help.stdout.includes("--engine")) {
      throw new Error(`zmqdiag ${cmd} --help has no --engine: exit ${help.code}, ${help.stderr}`);
    }
  }
  return false;
}

const skip = await whyNot();

function summaryOf(stdout: string): Record<string, unknown> {
  const summary = parseJsonLines(stdout).find((e) => e.type === "summary");
  assert.ok(summary, `no summary line in: ${stdout}`);
  return summary;
}

interface Leg {
  runtime: RuntimeName;
  engine: "zmtp" | "native";
  binds: boolean;
}

/**
 * Starts the binding side first, on port 0 (its "start" line names the port it got, so no port
 * can be taken meanwhile), then the other side on that endpoint; both must end clean.
 */
async function pubToSub(pub: Leg, sub: Leg): Promise<void> {
  const subArgs = (
    ep: string,
  ) => [
    "sub",
    ep,
    "--engine",
    sub.engine,
    "--expect",
    String(COUNT),
    "--duration",
    "25",
    "--json",
    ...(sub.binds ? ["--bind"] : []),
  ];
  const pubArgs = (
    ep: string,
  ) => [
    "pub",
    ep,
    "--engine",
    pub.engine,
    "--count",
    String(COUNT),
    "--rate",
    "20000",
    "--warmup",
    "1500",
    "--json",
    ...(pub.binds ? ["--bind"] : []),
  ];
  const opts = (leg: Leg) => ({ runtime: leg.runtime, timeoutMs: 40_000 });
  const any = "tcp://127.0.0.1:0";
  const first = sub.binds ? startCli(subArgs(any), opts(sub)) : startCli(pubArgs(any), opts(pub));
  await first.waitFor(/"type":"start"[^\n]*\n/, 20_000);
  const start = parseJsonLines(first.stdout()).find((e) => e.type === "start");
  const ep = String(start?.endpoint);
  assert.match(ep, /^tcp:\/\/127\.0\.0\.1:[1-9]\d*$/, "the binding side reports the port it bound");
  const second = sub.binds ? startCli(pubArgs(ep), opts(pub)) : startCli(subArgs(ep), opts(sub));
  const [a, b] = await Promise.all([first.done, second.done]);
  const [p, s] = sub.binds ? [b, a] : [a, b];
  assert.equal(p.timedOut, false, `pub hung; stderr: ${p.stderr}`);
  assert.equal(s.timedOut, false, `sub hung; stderr: ${s.stderr}`);
  assert.equal(p.code, 0, `pub under ${pub.runtime} exited ${p.code}; stderr: ${p.stderr}`);
  const ps = summaryOf(p.stdout);
  assert.equal(ps.sent, COUNT);
  assert.equal(ps.engine, pub.engine);
  assert.equal(ps.runtime, pub.runtime);
  const ss = summaryOf(s.stdout);
  assert.equal(ss.engine, sub.engine);
  assert.equal(ss.runtime, sub.runtime);
  assert.equal(
    ss.received,
    COUNT,
    `received; sub summary: ${JSON.stringify(ss)}; pub summary: ${JSON.stringify(ps)}; pub stderr: ${p.stderr}`,
  );
  assert.equal(ss.lost, 0);
  assert.equal(ss.duplicates, 0);
  assert.equal(ss.reordered, 0);
  assert.equal(s.code, 0, `sub under ${sub.runtime} exited ${s.code}; stderr: ${s.stderr}`);
}

describe("zmtp across runtimes", { skip }, () => {
  for (const runtime of ["deno", "bun"] as const) {
    const missing = runtimeExecutable(runtime) ? false : `${runtime} is not installed`;
    it(`cross-runtime - a zmtp sub under ${runtime} (binding) gets every message of a native pub under node`, {
      skip: missing,
    }, async () => {
      await pubToSub({ runtime: "node", engine: "native", binds: false }, { runtime, engine: "zmtp", binds: true });
    });
    it(`cross-runtime - a native sub under node (binding) gets every message of a zmtp pub under ${runtime}`, {
      skip: missing,
    }, async () => {
      await pubToSub({ runtime, engine: "zmtp", binds: false }, { runtime: "node", engine: "native", binds: true });
    });
    it(`cross-runtime - a native sub under node gets every message of a zmtp pub under ${runtime} that binds`, {
      skip: missing,
    }, async () => {
      await pubToSub({ runtime, engine: "zmtp", binds: true }, { runtime: "node", engine: "native", binds: false });
    });
  }
});
