/**
 * A Python 3 interpreter for tests that drive real Python programs, and whether it has pyzmq.
 * The first `python3` on PATH may be a private build without Debian's `python3-zmq`, so the
 * system interpreter is tried as well.
 */
import { spawnSync } from "node:child_process";

/** What was found: the interpreter to run, and a skip reason when pyzmq is missing. */
export interface PythonInfo {
  /** An interpreter that runs, or null when none does. */
  python: string | null;
  /** An interpreter that imports zmq, or null. */
  pyzmq: string | null;
  /** Why pyzmq tests are skipped, or false when they run. */
  skipPyzmq: string | false;
  /** Why plain-Python tests are skipped, or false when they run. */
  skipPython: string | false;
}

const candidates = ["python3", "/usr/bin/python3"];

function works(python: string, code: string): boolean {
  const r = spawnSync(python, ["-c", code], { encoding: "utf8", timeout: 20_000 });
  return r.status === 0;
}

let cached: PythonInfo | undefined;

/** Finds the interpreters once per test process. */
export function pythonInfo(): PythonInfo {
  if (cached) return cached;
  const python = candidates.find((p) => works(p, "import sys")) ?? null;
  const pyzmq = candidates.find((p) => works(p, "import zmq")) ?? null;
  cached = {
    python,
    pyzmq,
    skipPython: python ? false : "no python3 on this machine",
    skipPyzmq: pyzmq ? false : "pyzmq is not installed (apt-get install python3-zmq)",
  };
  if (cached.skipPyzmq) process.stderr.write(`pyzmq tests skipped: ${cached.skipPyzmq}\n`);
  return cached;
}
