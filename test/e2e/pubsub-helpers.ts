/** Helpers of the pub/sub end-to-end tests. */
import { type CliResult, parseJsonLines, runCli, startCli } from "../helpers/cli.ts";
import { freeEndpoint } from "../helpers/ports.ts";
import type { EngineName } from "../../src/engine/types.ts";

/**
 * Checks that `engine` carries one message from a `pub` to a `sub` process here. An engine that
 * cannot run on this runtime is left out by testableEngines(); one that is listed must work, so a
 * failed check fails the suite (a skip would hide the regression).
 */
export async function assertEngineCarries(engine: EngineName): Promise<void> {
  const ep = await freeEndpoint();
  const sub = startCli([
    "sub",
    ep,
    "--bind",
    "--type",
    "pull",
    "--engine",
    engine,
    "--count",
    "1",
    "--duration",
    "2",
    "--json",
  ], { timeoutMs: 15_000 });
  const ready = await sub.waitFor('"type":"start"', 10_000).then(() => true, () => false);
  const pub = ready
    ? await runCli(["pub", ep, "--type", "push", "--engine", engine, "--count", "1"], { timeoutMs: 10_000 })
    : undefined;
  const r = await sub.done;
  if (r.code === 0 && r.stdout.includes('"received":1,')) return;
  const first = (text: string) => text.trim().split("\n")[0];
  if (!ready || r.code !== 0) {
    throw new Error(`engine ${engine} does not run here: ${first(r.stderr) || `sub exit ${r.code ?? r.signal}`}`);
  }
  throw new Error(
    `engine ${engine} does not carry a message from pub to sub (pub: exit ${pub?.code}, ${first(pub?.stderr ?? "")})`,
  );
}

/** The summary event of a --json run (throws when there is none). */
export function summaryOf(r: CliResult | string): Record<string, unknown> {
  const events = parseJsonLines(typeof r === "string" ? r : r.stdout);
  const s = events.find((e) => e.type === "summary");
  if (!s) throw new Error(`no summary in: ${typeof r === "string" ? r : r.stdout + r.stderr}`);
  return s;
}

/** True when stderr has no stack trace and at most one line. */
export function oneLineNoStack(stderr: string): boolean {
  const lines = stderr.trim().split("\n").filter((l) => !/^\(run with --help/.test(l));
  return lines.length === 1 && !/\bat .*:\d+:\d+/.test(stderr);
}

/**
 * Sends SIGINT to a process. Not child.kill(): Deno's child_process then reports the child as
 * killed by that signal even when it handled it and exited 0.
 */
export function interrupt(pid: number): void {
  process.kill(pid, "SIGINT");
}
