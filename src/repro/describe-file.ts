/**
 * Loads a user's --file scenario in a child process (the user's module never runs in the
 * parent) and returns it as data, or a one-line reason it could not be loaded.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { UsageError } from "../cli/usage-error.ts";
import { runtimeName } from "../runtime/runtime-name.ts";
import { parseChildLine } from "./child-protocol.ts";
import { childCommand } from "./child-command.ts";
import { stderrTail } from "./crash-detect.ts";
import { startDeadlineMs, trackChild } from "./run-child.ts";
import type { ScenarioInfo } from "./scenario-info.ts";

/**
 * The scenario a --file module exports by default. Throws UsageError when it cannot be read, is
 * not one, or has not loaded within `deadlineMs` (a top-level await that never settles).
 */
export async function describeFile(file: string, deadlineMs = startDeadlineMs): Promise<ScenarioInfo> {
  const abs = path.resolve(file);
  try {
    fs.accessSync(abs, fs.constants.R_OK);
    if (!fs.statSync(abs).isFile()) throw Object.assign(new Error(), { code: "EISDIR" });
  } catch (e) {
    throw new UsageError(`cannot read --file ${file}: ${(e as { code?: string }).code ?? "unreadable"}`);
  }
  let cmd;
  try {
    cmd = childCommand(runtimeName(), ["--file", abs, "--describe"], abs)!;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const child = spawn(cmd[0], cmd.slice(1), {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  trackChild(child);
  let stdout = "";
  let stderr = "";
  return new Promise((resolve, reject) => {
    let info: ScenarioInfo | undefined;
    let error: string | undefined;
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      child.kill("SIGKILL");
    }, deadlineMs);
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      for (const line of stdout.split("\n")) {
        const m = parseChildLine(line);
        if (m?.t === "describe") info = m.scenario as ScenarioInfo;
        if (m?.t === "error") error = m.message;
      }
      // A module that keeps its process alive must not keep us waiting once it has answered.
      if (info || error) child.kill("SIGKILL");
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", (e) => reject(new UsageError(`cannot load --file ${file}: ${e.message}`)));
    child.on("close", () => {
      clearTimeout(timer);
      if (info) return resolve(info);
      const stuck = `it did not finish loading within ${deadlineMs} ms (a top-level await that never settles?)`;
      const why = error ?? (late ? stuck : stderrTail(stderr, 1) || "the module did not load");
      reject(new UsageError(`cannot load --file ${file}: ${why}`));
    });
  });
}
