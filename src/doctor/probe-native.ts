/** Probes the native engine in child processes: "works", or the failure or crash it meets here. */
import { spawn } from "node:child_process";
import { scriptCommand } from "../runtime/runtime-command.ts";
import type { RuntimeName } from "../runtime/runtime-name.ts";
import { crashLine, crashSignal } from "../repro/crash-detect.ts";

/** What one probe stage met. */
export interface StageOutcome {
  /** "works", "failed" (an error it reported), "crashed" (a signal or abort), "hung". */
  status: "works" | "failed" | "crashed" | "hung";
  /** The last step it reached. */
  reached: string;
  detail?: string;
  version?: string;
}

const stageDeadlineMs = 20_000;

/** Runs one stage of native-probe-child.ts under `runtime`. */
export function probeNativeStage(runtime: RuntimeName, stage: "engine" | "raw-timeout"): Promise<StageOutcome> {
  const cmd = scriptCommand(runtime, "src/doctor/native-probe-child.ts", ["--stage", stage]);
  if (!cmd) return Promise.resolve({ status: "failed", reached: "start", detail: `${runtime} is not installed` });
  const child = spawn(cmd[0], cmd.slice(1), {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  let stdout = "";
  let stderr = "";
  let hung = false;
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(-32 * 1024)));
  const timer = setTimeout(() => {
    hung = true;
    child.kill("SIGKILL");
  }, stageDeadlineMs);
  return new Promise((resolve) => {
    child.on("error", (e) => resolve({ status: "failed", reached: "start", detail: e.message }));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const steps = stdout.split("\n").flatMap((l) => {
        try {
          return [JSON.parse(l) as { step: string; version?: string; message?: string }];
        } catch {
          return [];
        }
      });
      const last = steps[steps.length - 1]?.step ?? "start";
      const reached = steps.filter((s) => s.step !== "error" && s.step !== "done").pop()?.step ?? "start";
      const version = steps.find((s) => s.version)?.version;
      if (hung) return resolve({ status: "hung", reached, version, detail: `no answer within ${stageDeadlineMs} ms` });
      if (last === "done" && code === 0) return resolve({ status: "works", reached, version });
      const error = steps.find((s) => s.step === "error");
      if (error) return resolve({ status: "failed", reached, version, detail: error.message });
      const sig = crashSignal(code, signal, stderr) ?? `exit code ${code}`;
      const line = crashLine(stderr);
      resolve({
        status: "crashed",
        reached,
        version,
        detail: `${sig} after step "${reached}"${line ? `: ${line}` : ""}`,
      });
    });
  });
}
