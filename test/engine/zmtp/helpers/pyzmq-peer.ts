/**
 * A real libzmq peer (pyzmq 24 / libzmq 4.3.4) in a child process, running
 * ../fixtures/pyzmq_peer.py with one JSON config (see that file). Every wait is bounded.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pythonInfo } from "../../../helpers/python.ts";

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "pyzmq_peer.py");

/** Why pyzmq tests are skipped here, or false. */
export const skipPyzmq: string | false = pythonInfo().skipPyzmq;

/** Why CURVE tests are skipped (libzmq built without libsodium), or false. */
export function skipCurve(): string | false {
  const python = pythonInfo().pyzmq;
  if (!python) return "pyzmq is not installed";
  const r = spawnSync(python, ["-c", "import sys, zmq; sys.exit(0 if zmq.has('curve') else 1)"], { timeout: 20_000 });
  return r.status === 0 ? false : "this libzmq has no CURVE support";
}

/** What the peer is told to be (pyzmq_peer.py's keys). */
export interface PyzmqConfig {
  type: string;
  endpoint: string;
  bind?: boolean;
  options?: Record<string, number>;
  security?: "curve" | "plain";
  subscribe?: string[];
  messages?: { count: number; frames: number[]; topic?: string };
  sync?: boolean;
  receive?: number;
}

/** A running pyzmq peer. */
export class PyzmqPeer {
  private out = "";
  private err = "";
  private readonly waiters = new Set<() => void>();
  private exited = false;
  /** Where it is bound or connected. */
  endpoint = "";

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      this.out += d;
      this.wake();
    });
    child.stderr.on("data", (d: string) => {
      this.err += d;
    });
    child.stdin.on("error", () => {});
    child.once("exit", () => {
      this.exited = true;
      this.wake();
    });
  }

  /** Starts the peer and waits for it to be bound or connected. */
  static async start(cfg: PyzmqConfig, timeoutMs = 15_000): Promise<PyzmqPeer> {
    const python = pythonInfo().pyzmq;
    if (!python) throw new Error("pyzmq is not installed");
    const p = new PyzmqPeer(spawn(python, [script, JSON.stringify(cfg)], { stdio: ["pipe", "pipe", "pipe"] }));
    const line = await p.line("ready ", timeoutMs);
    p.endpoint = line.slice("ready ".length).trim();
    return p;
  }

  /** Tells it to start sending. */
  go(): void {
    this.child.stdin.write("go\n");
  }

  /** Whole lines printed so far that start with `prefix`. */
  lines(prefix: string): string[] {
    return this.out.split("\n").slice(0, -1).filter((l) => l.startsWith(prefix));
  }

  /** The first line starting with `prefix`, waiting up to `timeoutMs`. */
  line(prefix: string, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const l = this.lines(prefix)[0];
        if (l !== undefined) return done(() => resolve(l));
        if (this.exited) {
          return done(() => reject(new Error(`pyzmq peer exited before "${prefix}": ${this.err.trim()}`)));
        }
      };
      const timer = setTimeout(
        () =>
          done(() =>
            reject(
              new Error(`no "${prefix}" line from the pyzmq peer within ${timeoutMs} ms; stderr: ${this.err.trim()}`),
            )
          ),
        timeoutMs,
      );
      const done = (f: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        f();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Ends it: EOF on stdin, then a kill if it has not exited within a second. */
  close(): Promise<void> {
    if (this.exited) return Promise.resolve();
    this.child.stdin.end();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.child.kill("SIGKILL");
        resolve();
      }, 1000);
      this.child.once("exit", () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
