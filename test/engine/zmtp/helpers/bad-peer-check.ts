/**
 * The check every bad-peer test makes: a PULL socket with a good raw PUSH peer; a bad raw peer
 * connects and misbehaves; the engine closes only that connection, counts it and says so with
 * one event; the good peer keeps delivering; memory does not jump.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Engine, SocketCounters, SocketEvent, SocketOptions } from "../../../../src/engine/types.ts";
import { RawPeer } from "./raw-peer.ts";
import { receiveWithin, texts } from "./bounded.ts";
import { withCleanup } from "../../../helpers/cleanup.ts";
import { eventually } from "../../../helpers/eventually.ts";
import { portOf } from "./zmtp-engine.ts";
import { handshake, message } from "./zmtp-wire.ts";

/** One way of misbehaving. */
export interface BadPeer {
  name: string;
  /** The exact code the failure event must carry. */
  code: string;
  /** "traffic": after a good handshake, so it must be a protocol error; "handshake": either kind. */
  phase: "handshake" | "traffic";
  /** Options of the PULL socket; default { maxMessageSize: 100 }. */
  options?: SocketOptions;
  /** What the bad peer does once connected (for "traffic", after the handshake is done). */
  act(raw: RawPeer): Promise<void>;
}

type Failure = Extract<SocketEvent, { type: "handshake-failure" | "protocol-error" }>;

const isFailure = (e: SocketEvent): e is Failure => e.type === "handshake-failure" || e.type === "protocol-error";

/** A raw PUSH peer that completed the handshake with the socket at `port`. */
export async function handshakenPush(port: number): Promise<RawPeer> {
  const raw = await RawPeer.connect(port);
  await raw.write(handshake("PUSH"));
  await raw.read(64, "the engine's greeting");
  await raw.readFrame("the engine's READY");
  return raw;
}

function count(c: SocketCounters, key: "protocolErrors" | "handshakeFailures"): number {
  const v = c[key];
  assert.equal(typeof v, "number", `counters().${key} must be a number on this engine`);
  return v as number;
}

/** Runs one bad peer against a fresh socket of `engine` and asserts everything above. */
export async function checkBadPeer(engine: Engine, bad: BadPeer): Promise<void> {
  await withCleanup(async (c) => {
    const pull = c.add(engine.socket("pull", { linger: 0, maxMessageSize: 100, ...bad.options }));
    const events: SocketEvent[] = [];
    c.add({ close: pull.onEvent((e) => events.push(e)) });
    const port = portOf(await pull.bind("tcp://127.0.0.1:0"));
    const good = c.add(await handshakenPush(port));
    await good.write(message("before", "1"));
    assert.deepEqual(texts(await receiveWithin(pull, 3000, "the good peer's first message")), ["before", "1"]);
    const before = pull.counters();
    const rssBefore = process.memoryUsage().rss;

    const raw = c.add(bad.phase === "traffic" ? await handshakenPush(port) : await RawPeer.connect(port));
    await bad.act(raw);
    await raw.waitClosed(`the engine to close the connection of the peer that sent ${bad.name}`);
    await eventually(() => events.some(isFailure), 3000, `a handshake-failure or protocol-error event for ${bad.name}`);

    const rssGrowth = process.memoryUsage().rss - rssBefore;
    assert.ok(rssGrowth < 256 * 1024 * 1024, `memory grew by ${Math.round(rssGrowth / 1048576)} MiB`);
    const failures = events.filter(isFailure);
    assert.equal(failures.length, 1, `exactly one failure event, got ${JSON.stringify(failures)}`);
    const [ev] = failures;
    if (bad.phase === "traffic") assert.equal(ev.type, "protocol-error", "after the handshake it is a protocol error");
    assert.equal(ev.code, bad.code, `the fault's code (reason: ${ev.reason})`);
    assert.ok(typeof ev.reason === "string" && ev.reason.length > 0, "the event gives a reason");
    assert.equal(events.filter((e) => e.type === "internal-error").length, 0, "no internal error");
    assert.ok(typeof ev.peer === "string" && ev.peer.length > 0, "the event names the peer");
    const after = pull.counters();
    const [hit, other] = ev.type === "protocol-error"
      ? ["protocolErrors", "handshakeFailures"] as const
      : ["handshakeFailures", "protocolErrors"] as const;
    assert.equal(count(after, hit) - count(before, hit), 1, `${hit} went up by one`);
    assert.equal(count(after, other), count(before, other), `${other} unchanged`);

    assert.equal(good.isClosed, false, "the good peer's connection stays open");
    await good.write(message("after", "2"));
    assert.deepEqual(texts(await receiveWithin(pull, 3000, "the good peer's message after the bad peer")), [
      "after",
      "2",
    ]);
    await eventually(() => pull.counters().peers === 1, 2000, "peers to be back to 1 (the good one)");
  });
}

/** A long frame header declaring `size` bytes (flags 0x02), followed by `bodyBytes` of body. */
export function longHeader(size: bigint, bodyBytes = 0): Buffer {
  const h = Buffer.alloc(9 + bodyBytes, 0x41);
  h[0] = 0x02;
  h.writeBigUInt64BE(size, 1);
  return h;
}
