// A peer that streams a message far over the max message size (zmqdiag's CLI default, 64 MiB)
// is refused by name, early, and the process's memory stays bounded: as one 512 MiB frame, and
// as many 1 MiB frames of one multipart message.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { loadEngine } from "../../../../src/engine/load.ts";
import type { SocketEvent, ZSocket } from "../../../../src/engine/types.ts";
import { defaultMaxMessageSize } from "../../../../src/cli/max-message-size.ts";
import { RawPeer } from "../helpers/raw-peer.ts";
import { handshake } from "../helpers/zmtp-wire.ts";
import { portOf } from "../helpers/zmtp-engine.ts";

const engine = await loadEngine("zmtp");
const MiB = 1024 * 1024;

/** Streams up to `total` bytes of `header` then zeros in 1 MiB writes until the engine closes; returns what it wrote and the highest RSS seen. */
async function stream(
  peer: RawPeer,
  header: Buffer,
  total: number,
  piece: (i: number) => Buffer,
): Promise<{ written: number; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  await peer.write(header);
  let written = 0;
  for (let i = 0; written < total && !peer.isClosed && !peer.socket.destroyed; i++) {
    const p = piece(i);
    await Promise.race([peer.write(p), peer.closed]);
    written += p.length;
    await new Promise((r) => setImmediate(r)); // lets the close be seen
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  return { written, peakRss };
}

async function withSub(fn: (sub: ZSocket, port: number, events: SocketEvent[]) => Promise<void>): Promise<void> {
  const sub = engine.socket("sub", { maxMessageSize: defaultMaxMessageSize, linger: 0 });
  const events: SocketEvent[] = [];
  sub.onEvent((e) => events.push(e));
  sub.subscribe("");
  try {
    await fn(sub, portOf(await sub.bind("tcp://127.0.0.1:0")), events);
  } finally {
    sub.close();
  }
}

function refusal(events: SocketEvent[], peerPort: number, code: string): SocketEvent & { type: "protocol-error" } {
  const e = events.find((x) => x.type === "protocol-error");
  assert.ok(e && e.type === "protocol-error", `a protocol-error event: ${JSON.stringify(events)}`);
  assert.equal(e.peer, `tcp://127.0.0.1:${peerPort}`, "the refused peer is named");
  assert.match(e.reason, /max(imum)? message size/);
  assert.equal(e.code, code);
  return e;
}

describe("zmtp max message size", () => {
  it("max message size - a peer streaming one 512 MiB frame is refused at its header; RSS stays bounded", {
    timeout: 60_000,
  }, async () => {
    await withSub(async (_sub, port, events) => {
      const before = process.memoryUsage().rss;
      const peer = await RawPeer.connect(port);
      const peerPort = peer.localPort;
      await peer.write(handshake("PUB"));
      const header = Buffer.alloc(9);
      header[0] = 0x02; // LONG, no MORE
      header.writeBigUInt64BE(BigInt(512 * MiB), 1);
      const body = Buffer.alloc(MiB);
      const { written, peakRss } = await stream(peer, header, 512 * MiB, () => body);
      await peer.waitClosed("the engine to refuse the frame", 20_000);
      refusal(events, peerPort, "ZMTP_FRAME_TOO_LARGE");
      assert.ok(
        written < 512 * MiB,
        `the engine closed before the peer could send it all (${written / MiB} MiB written)`,
      );
      assert.ok(peakRss - before < 200 * MiB, `RSS grew by ${((peakRss - before) / MiB).toFixed(0)} MiB`);
    });
  });

  it("max message size - 1 MiB frames of one multipart message are refused once they pass 64 MiB; RSS stays bounded", {
    timeout: 60_000,
  }, async () => {
    await withSub(async (_sub, port, events) => {
      const before = process.memoryUsage().rss;
      const peer = await RawPeer.connect(port);
      const peerPort = peer.localPort;
      await peer.write(handshake("PUB"));
      const frame = Buffer.alloc(9 + MiB);
      frame[0] = 0x03; // LONG and MORE
      frame.writeBigUInt64BE(BigInt(MiB), 1);
      const { written, peakRss } = await stream(peer, Buffer.alloc(0), 512 * MiB, () => frame);
      await peer.waitClosed("the engine to refuse the message", 20_000);
      refusal(events, peerPort, "ZMTP_MESSAGE_TOO_LARGE");
      assert.ok(written < 200 * MiB, `refused soon after 64 MiB (${(written / MiB).toFixed(0)} MiB written)`);
      assert.ok(peakRss - before < 200 * MiB, `RSS grew by ${((peakRss - before) / MiB).toFixed(0)} MiB`);
    });
  });
});
