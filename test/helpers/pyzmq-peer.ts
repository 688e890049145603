/**
 * A real libzmq peer (pyzmq) driven line by line from a test: a Python child holding one socket,
 * taking JSON commands on stdin and answering each with one JSON line. Frames travel as hex.
 * Every answer is awaited with a deadline, and the child is killed on close.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Buffer } from "node:buffer";
import { pythonInfo } from "./python.ts";

const script = String.raw`
import json, sys, zmq
ctx = zmq.Context()
s = None
types = {"pub": zmq.PUB, "sub": zmq.SUB, "xpub": zmq.XPUB, "xsub": zmq.XSUB, "push": zmq.PUSH, "pull": zmq.PULL,
         "dealer": zmq.DEALER, "router": zmq.ROUTER, "req": zmq.REQ, "rep": zmq.REP, "pair": zmq.PAIR}
def say(o):
    sys.stdout.write(json.dumps(o) + "\n"); sys.stdout.flush()
for line in sys.stdin:
    c = json.loads(line)
    op = c["op"]
    try:
        if op == "socket":
            s = ctx.socket(types[c["type"]])
            for k, v in c.get("opts", {}).items():
                s.setsockopt(getattr(zmq, k), v.encode() if isinstance(v, str) else v)
            say({"ok": True})
        elif op == "bind":
            s.bind(c["endpoint"]); say({"ok": True, "endpoint": s.getsockopt(zmq.LAST_ENDPOINT).decode()})
        elif op == "connect":
            s.connect(c["endpoint"]); say({"ok": True})
        elif op == "subscribe":
            s.setsockopt(zmq.SUBSCRIBE, bytes.fromhex(c["topic"])); say({"ok": True})
        elif op == "send":
            s.send_multipart([bytes.fromhex(f) for f in c["frames"]]); say({"ok": True})
        elif op == "recv":
            if s.poll(c["timeout"]):
                say({"frames": [f.hex() for f in s.recv_multipart()]})
            else:
                say({"timeout": True})
        elif op == "close":
            s.close(0); say({"ok": True}); break
    except Exception as e:
        say({"error": repr(e)})
`;

/** Why pyzmq tests are skipped here, or false when they run. */
export function skipPyzmq(): string | false {
  return pythonInfo().skipPyzmq;
}

/** One pyzmq socket in a child process. */
export class PyzmqPeer {
  private readonly child: ChildProcess;
  private buffer = "";
  private readonly answers: string[] = [];
  private wake: (() => void) | null = null;
  private exited = false;

  private constructor() {
    this.child = spawn(pythonInfo().pyzmq!, ["-u", "-c", script], { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      this.buffer += d;
      for (let i = this.buffer.indexOf("\n"); i >= 0; i = this.buffer.indexOf("\n")) {
        this.answers.push(this.buffer.slice(0, i));
        this.buffer = this.buffer.slice(i + 1);
      }
      this.wake?.();
    });
    this.child.on("exit", () => {
      this.exited = true;
      this.wake?.();
    });
  }

  /** A pyzmq socket of `type` with libzmq option names and values (e.g. {ROUTING_ID: "a"}). */
  static async open(type: string, opts: Record<string, number | string> = {}): Promise<PyzmqPeer> {
    const p = new PyzmqPeer();
    await p.ask({ op: "socket", type, opts });
    return p;
  }

  /** Binds; resolves with the endpoint bound. */
  async bind(endpoint = "tcp://127.0.0.1:*"): Promise<string> {
    return (await this.ask({ op: "bind", endpoint })).endpoint as string;
  }

  async connect(endpoint: string): Promise<void> {
    await this.ask({ op: "connect", endpoint });
  }

  async subscribe(topic: string | Uint8Array): Promise<void> {
    await this.ask({ op: "subscribe", topic: Buffer.from(topic).toString("hex") });
  }

  async send(frames: Array<string | Uint8Array>): Promise<void> {
    await this.ask({ op: "send", frames: frames.map((f) => Buffer.from(f).toString("hex")) });
  }

  /** The next message, or null when none came within `timeoutMs`. */
  async receive(timeoutMs = 3000): Promise<Buffer[] | null> {
    const a = await this.ask({ op: "recv", timeout: timeoutMs }, timeoutMs + 5000);
    return a.timeout ? null : (a.frames as string[]).map((h) => Buffer.from(h, "hex"));
  }

  /** Closes the socket and ends the child. */
  async close(): Promise<void> {
    if (!this.exited) await this.ask({ op: "close" }).catch(() => {});
    this.child.kill();
  }

  private async ask(cmd: Record<string, unknown>, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    this.child.stdin!.write(`${JSON.stringify(cmd)}\n`);
    const deadline = Date.now() + timeoutMs;
    while (this.answers.length === 0) {
      if (this.exited) throw new Error(`pyzmq peer exited during ${cmd.op}`);
      if (Date.now() > deadline) throw new Error(`pyzmq peer did not answer ${cmd.op} within ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.wake = () => {
          clearTimeout(t);
          r();
        };
      });
    }
    const a = JSON.parse(this.answers.shift()!) as Record<string, unknown>;
    if (a.error) throw new Error(`pyzmq ${cmd.op}: ${String(a.error)}`);
    return a;
  }
}
