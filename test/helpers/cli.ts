/**
 * Runs zmqdiag's CLI as a real child process under the runtime the tests run on (Node runs the
 * compiled dist/, Deno and Bun the TypeScript sources), the way a user would.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { scriptCommand } from "../../src/runtime/runtime-command.ts";
import { type RuntimeName, runtimeName } from "../../src/runtime/runtime-name.ts";

/** What a finished CLI run gave. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the run was killed because it overran `timeoutMs`. */
  timedOut: boolean;
}

/** Options of a CLI run. */
export interface CliOptions {
  runtime?: RuntimeName;
  env?: Record<string, string>;
  /** Killed (SIGKILL) after this long; default 20 s. */
  timeoutMs?: number;
}

/** A CLI process that is still running. */
export interface RunningCli {
  child: ChildProcess;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout (or stderr) contains `text`, rejects after `timeoutMs`. */
  waitFor(text: string | RegExp, timeoutMs?: number, stream?: "stdout" | "stderr"): Promise<void>;
  /** Resolves when the process has ended. */
  done: Promise<CliResult>;
}

/** Starts the CLI with `args`; see `runCli` for a run to completion. */
export function startCli(args: string[], opts: CliOptions = {}): RunningCli {
  const runtime = opts.runtime ?? runtimeName();
  const cmd = scriptCommand(runtime, "commands/main.ts", args);
  if (!cmd) throw new Error(`runtime ${runtime} is not installed`);
  const child = spawn(cmd[0], cmd.slice(1), {
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...opts.env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const waiters = new Set<() => void>();
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    out += d;
    for (const w of waiters) w();
  });
  child.stderr!.setEncoding("utf8").on("data", (d: string) => {
    err += d;
    for (const w of waiters) w();
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, opts.timeoutMs ?? 20_000);
  const done = new Promise<CliResult>((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: out, stderr: err, timedOut });
    });
  });
  const waitFor = (text: string | RegExp, timeoutMs = 10_000, stream: "stdout" | "stderr" = "stdout") =>
    new Promise<void>((resolve, reject) => {
      const has = () => {
        const s = stream === "stdout" ? out : err;
        return typeof text === "string" ? s.includes(text) : text.test(s);
      };
      if (has()) return resolve();
      const t = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${String(text)} on ${stream}; stdout=${out} stderr=${err}`));
      }, timeoutMs);
      const check = () => {
        if (has()) {
          clearTimeout(t);
          waiters.delete(check);
          resolve();
        }
      };
      waiters.add(check);
      done.then(() => {
        if (!has()) {
          clearTimeout(t);
          waiters.delete(check);
          reject(new Error(`process ended before ${String(text)} appeared; stdout=${out} stderr=${err}`));
        }
      });
    });
  return { child, stdout: () => out, stderr: () => err, waitFor, done };
}

/** Runs the CLI to completion. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return startCli(args, opts).done;
}

/** Parses JSON Lines output; throws with the offending line when one is not JSON. */
export function parseJsonLines(text: string): Array<Record<string, unknown>> {
  return text.split("\n").filter((l) => l.trim() !== "").map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      throw new Error(`not a JSON line: ${l}`);
    }
  });
}
