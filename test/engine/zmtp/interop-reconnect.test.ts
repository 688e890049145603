// zmtp sockets that connect to a libzmq (zeromq.js) socket which restarts: the libzmq socket is
// closed, a new one binds the same port, and traffic resumes by itself (a SUB re-sends its
// subscriptions on the new connection, as libzmq does).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { SocketType } from "../../../src/engine/types.ts";
import { loadEngineOrSkip } from "./helpers/zmtp-engine.ts";
import {
  libzmqSide,
  link,
  loadZeromqOrSkip,
  sendUntilReceived,
  type Side,
  withSides,
  zmtpSide,
} from "./helpers/interop-sides.ts";
import { receiveWithin, sleep, texts, within } from "./helpers/bounded.ts";

const under = await loadEngineOrSkip();
const lib = await loadZeromqOrSkip();
const skip = under.skip || lib.skip;

/** Binds a new libzmq socket on `endpoint`, retrying while the old one's port is released. */
async function rebind(make: () => Side, endpoint: string, sides: Side[]): Promise<Side> {
  let last: unknown;
  for (let i = 0; i < 50; i++) {
    const s = make();
    sides.push(s);
    try {
      await within(s.bind(endpoint), 2000, `rebind ${endpoint}`);
      return s;
    } catch (e) {
      last = e;
      s.close();
      await sleep(20);
    }
  }
  throw new Error(`could not bind ${endpoint} again: ${String(last)}`);
}

describe("zmtp interop with libzmq: reconnection", { skip }, () => {
  const zmq = lib.zmq!;
  const engine = under.engine!;

  const cases: Array<{ zmtp: SocketType; libzmq: SocketType; sender: "zmtp" | "libzmq"; topic?: string }> = [
    { zmtp: "push", libzmq: "pull", sender: "zmtp" },
    { zmtp: "pull", libzmq: "push", sender: "libzmq" },
    { zmtp: "sub", libzmq: "pub", sender: "libzmq", topic: "A" },
    { zmtp: "dealer", libzmq: "router", sender: "zmtp" },
  ];
  for (const c of cases) {
    it(`interop - a connecting zmtp ${c.zmtp} resumes after the libzmq ${c.libzmq} it talks to restarts`, async () => {
      const sides: Side[] = [];
      const z = zmtpSide(engine, c.zmtp, { reconnectInterval: 50 });
      sides.push(z);
      if (c.topic !== undefined) z.subscribe(c.topic);
      await withSides(sides, async () => {
        const first = libzmqSide(zmq, c.libzmq);
        sides.push(first);
        const endpoint = await link(first, z);
        const exchange = async (peer: Side, tag: string) => {
          const [from, to] = c.sender === "zmtp" ? [z, peer] : [peer, z];
          const body = `${c.topic ?? ""}${tag}`;
          const got = await sendUntilReceived(from, to, [body], 5000, (m) => m.at(-1)?.toString() === body);
          assert.equal(texts(got).at(-1), body, `the ${tag} message arrived`);
        };
        await exchange(first, "before");
        first.close();
        const second = await rebind(() => libzmqSide(zmq, c.libzmq), endpoint, sides);
        await exchange(second, "after");
        if (c.topic !== undefined) {
          // The re-sent subscription is the only one: other topics stay filtered out.
          for (const m of ["B-after", `${c.topic}-last`]) await within(second.send(m), 2000, `publish ${m}`);
          for (let i = 0; i < 100; i++) {
            const m = texts(await receiveWithin(z, 3000, "the last message"));
            assert.notEqual(m[0], "B-after", "an unsubscribed topic arrived");
            if (m[0] === `${c.topic}-last`) break;
          }
        }
      });
    });
  }
});
