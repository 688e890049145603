/**
 * A raw TCP peer (node:net) that plays the other end of a ZMTP connection byte by byte, and a
 * raw server for engine sockets that connect. Every wait is bounded and says what it waited for.
 */
import net from "node:net";
import { Buffer } from "node:buffer";

/** One frame read off the wire. */
export interface WireFrame {
  flags: number;
  body: Buffer;
  /** The frame exactly as it arrived (header and body). */
  raw: Buffer;
}

/** A raw connection and what it has received. */
export class RawPeer {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private readonly waiters = new Set<() => void>();
  /** True once the connection is closed (by either side). */
  isClosed = false;
  /** Resolves when the connection has closed. */
  readonly closed: Promise<void>;

  constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on("data", (d: Buffer) => {
      this.chunks.push(d);
      this.buffered += d.length;
      this.wake();
    });
    // The engine may close while we write: a reset is an expected outcome, not a test failure.
    socket.on("error", () => {});
    this.closed = new Promise((resolve) =>
      socket.once("close", () => {
        this.isClosed = true;
        this.wake();
        resolve();
      })
    );
  }

  /** Connects to a port on 127.0.0.1. */
  static connect(port: number, timeoutMs = 2000): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, "127.0.0.1");
      const t = setTimeout(() => {
        s.destroy();
        reject(new Error(`raw connect to ${port} timed out`));
      }, timeoutMs);
      s.once("connect", () => {
        clearTimeout(t);
        resolve(new RawPeer(s));
      });
      s.once("error", (e) => {
        clearTimeout(t);
        reject(e);
      });
    });
  }

  /** This end's local port (how the engine sees this peer). */
  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  /** Bytes received and not read yet. */
  get pending(): number {
    return this.buffered;
  }

  /** Writes bytes; a write to a closed connection is ignored. */
  write(bytes: Uint8Array): Promise<void> {
    if (this.isClosed || this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.socket.write(bytes, () => resolve()));
  }

  /** Writes bytes in pieces of `size`, pausing between them so each leaves as its own segment. */
  async dribble(bytes: Uint8Array, size = 1, pauseMs = 2): Promise<void> {
    for (let i = 0; i < bytes.length; i += size) {
      await this.write(bytes.subarray(i, i + size));
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  }

  /** Reads exactly `n` bytes, or rejects after `timeoutMs` or when the connection closes first. */
  async read(n: number, what = `${n} bytes`, timeoutMs = 3000): Promise<Buffer> {
    await this.until(() => this.buffered >= n, `${what} (have ${this.buffered} of ${n})`, timeoutMs, true);
    const all = Buffer.concat(this.chunks);
    this.chunks = all.length > n ? [all.subarray(n)] : [];
    this.buffered = all.length - n;
    return all.subarray(0, n);
  }

  /** Reads one whole frame. */
  async readFrame(what = "a frame", timeoutMs = 3000): Promise<WireFrame> {
    const head = await this.read(2, `${what}: header`, timeoutMs);
    const long = (head[0] & 0x02) !== 0;
    let size: number;
    let rawHead = head;
    if (long) {
      const rest = await this.read(7, `${what}: long size`, timeoutMs);
      rawHead = Buffer.concat([head, rest]);
      size = Number(rawHead.readBigUInt64BE(1));
    } else {
      size = head[1];
    }
    const body = await this.read(size, `${what}: body of ${size} bytes`, timeoutMs);
    return { flags: head[0], body, raw: Buffer.concat([rawHead, body]) };
  }

  /** Reads frames up to one without MORE; returns their bodies. */
  async readMessage(what = "a message", timeoutMs = 3000): Promise<Buffer[]> {
    const parts: Buffer[] = [];
    for (let i = 0; i < 1000; i++) {
      const f = await this.readFrame(`${what} (frame ${i})`, timeoutMs);
      parts.push(f.body);
      if ((f.flags & 0x01) === 0) return parts;
    }
    throw new Error(`${what}: more than 1000 frames`);
  }

  /** Takes every whole frame already received, without waiting (a partial one stays buffered). */
  takeFrames(): WireFrame[] {
    const all = Buffer.concat(this.chunks);
    const out: WireFrame[] = [];
    let o = 0;
    for (;;) {
      if (all.length - o < 2) break;
      const long = (all[o] & 0x02) !== 0;
      const headLen = long ? 9 : 2;
      if (all.length - o < headLen) break;
      const size = long ? Number(all.readBigUInt64BE(o + 1)) : all[o + 1];
      if (all.length - o < headLen + size) break;
      const raw = all.subarray(o, o + headLen + size);
      out.push({ flags: all[o], body: raw.subarray(headLen), raw });
      o += headLen + size;
    }
    this.chunks = o < all.length ? [all.subarray(o)] : [];
    this.buffered = all.length - o;
    return out;
  }

  /** Resolves when the connection has closed; rejects after `timeoutMs`. */
  waitClosed(what = "the engine to close the connection", timeoutMs = 3000): Promise<void> {
    return this.until(() => this.isClosed, what, timeoutMs, false);
  }

  /** Waits `ms` and returns whatever arrived meanwhile (for "nothing must be sent yet" checks). */
  async collectFor(ms: number): Promise<Buffer> {
    await new Promise((r) => setTimeout(r, ms));
    const all = Buffer.concat(this.chunks);
    this.chunks = [];
    this.buffered = 0;
    return all;
  }

  /** Half-closes (sends FIN). */
  end(): void {
    this.socket.end();
  }

  /** Closes at once. */
  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private until(ok: () => boolean, what: string, timeoutMs: number, failOnClose: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (ok()) return done(() => resolve());
        if (failOnClose && this.isClosed) {
          return done(() => reject(new Error(`connection closed while waiting for ${what}`)));
        }
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))),
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
}

/** A raw TCP server on 127.0.0.1 (OS-chosen port) that hands over each accepted connection. */
export class RawServer {
  private readonly accepted: RawPeer[] = [];
  private readonly all: RawPeer[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly server: net.Server, readonly port: number) {
    server.on("connection", (s) => {
      const p = new RawPeer(s);
      this.accepted.push(p);
      this.all.push(p);
      for (const w of [...this.waiters]) w();
    });
  }

  /** Starts listening. */
  static async start(): Promise<RawServer> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    return new RawServer(server, (server.address() as net.AddressInfo).port);
  }

  /** The endpoint an engine socket connects to. */
  get endpoint(): string {
    return `tcp://127.0.0.1:${this.port}`;
  }

  /** The next accepted connection; rejects after `timeoutMs`. */
  accept(timeoutMs = 3000): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const take = () => {
        const p = this.accepted.shift();
        if (!p) return;
        clearTimeout(timer);
        this.waiters.delete(take);
        resolve(p);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(take);
        reject(new Error(`no connection accepted within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(take);
      take();
    });
  }

  /** Stops listening and closes every connection it accepted. */
  close(): Promise<void> {
    for (const p of this.all) p.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
