/**
 * The fastest publisher a subscriber can face: a raw TCP peer that does the ZMTP 3.1 NULL
 * handshake as a PUB, then writes pre-encoded messages ([empty topic][100-byte payload with
 * zmqdiag's header], numbered 0..n-1) as fast as the socket takes them. Nothing is encoded while
 * it runs, so the subscriber alone sets the pace. Used by sub-drain.bench.ts.
 */
import { Buffer } from "node:buffer";
import net from "node:net";
import { writeHeader } from "../src/stream/message-header.ts";

const size = 100;
const perMessage = 2 + 2 + size; // [MORE 0] topic frame + [0 size] payload frame

/** ZMTP 3.1 greeting (NULL, not as-server) and a PUB's READY. */
function handshake(): Buffer {
  const g = Buffer.alloc(64);
  g[0] = 0xff;
  g[8] = 0x01;
  g[9] = 0x7f;
  g[10] = 3;
  g[11] = 1;
  g.write("NULL", 12, "ascii");
  const ready = Buffer.concat([
    Buffer.from([0x04, 0x19, 0x05]),
    Buffer.from("READY"),
    Buffer.from([0x0b]),
    Buffer.from("Socket-Type"),
    Buffer.from([0, 0, 0, 3]),
    Buffer.from("PUB"),
  ]);
  return Buffer.concat([g, ready]);
}

/** `count` messages, encoded once. */
export function encodeMessages(count: number, stream = 1): Buffer {
  const buf = Buffer.alloc(count * perMessage);
  const sentUs = Math.round(Date.now() * 1000);
  for (let i = 0; i < count; i++) {
    const o = i * perMessage;
    buf[o] = 0x01; // MORE, empty topic
    buf[o + 1] = 0;
    buf[o + 2] = 0;
    buf[o + 3] = size;
    writeHeader(buf.subarray(o + 4, o + 4 + size), stream, i, sentUs);
  }
  return buf;
}

/** Listens on 127.0.0.1; replays `bytes` to the first subscriber once it has subscribed. */
export async function startReplay(bytes: Buffer): Promise<{ endpoint: string; done: Promise<void>; close(): void }> {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const server = net.createServer((s) => {
    s.setNoDelay(true);
    s.write(handshake());
    let seen = 0;
    let started = false;
    s.on("error", () => finish());
    s.on("close", () => finish());
    s.on("data", (d: Buffer) => {
      seen += d.length;
      // Greeting (64) + READY (27) + a subscription (3 as a message, 13 as a command).
      if (started || seen < 64 + 27 + 3) return;
      started = true;
      setTimeout(() => pump(s, bytes, finish), 20);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { endpoint: `tcp://127.0.0.1:${port}`, done, close: () => server.close() };
}

function pump(s: net.Socket, bytes: Buffer, finish: () => void): void {
  const chunk = 256 * 1024;
  let at = 0;
  const go = () => {
    while (at < bytes.length) {
      const end = Math.min(bytes.length, at + chunk);
      const ok = s.write(bytes.subarray(at, end));
      at = end;
      if (!ok) return void s.once("drain", go);
    }
    finish();
  };
  go();
}
