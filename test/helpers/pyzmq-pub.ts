/** Runs fixtures/pubsub/pyzmq-pub.py (a libzmq publisher of zmqdiag-header messages) with a plan of steps. */
import { spawn } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../../src/runtime/project-paths.ts";
import { pythonInfo } from "./python.ts";

/** Starts the publisher; `bound` resolves once it has bound, `exited` with its exit code. */
export function pyzmqPub(endpoint: string, plan: string) {
  const child = spawn(pythonInfo().pyzmq!, [path.join(projectRoot, "fixtures/pubsub/pyzmq-pub.py"), endpoint, plan], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const waiters = new Set<() => void>();
  const onData = (d: string) => {
    out += d;
    for (const w of waiters) w();
  };
  child.stdout!.setEncoding("utf8").on("data", onData);
  child.stderr!.setEncoding("utf8").on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const bound = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (!out.includes("bound")) return;
      waiters.delete(check);
      resolve();
    };
    waiters.add(check);
    exited.then(() => {
      if (!out.includes("bound")) reject(new Error(`pyzmq publisher ended: ${out}`));
    });
  });
  return { child, bound, exited, output: () => out };
}
