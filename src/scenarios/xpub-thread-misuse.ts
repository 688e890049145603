/**
 * xpub-thread-misuse (seed 002): an XPUB socket in verbose mode, a send loop, and subscribers
 * joining and leaving. Two loops that each believe they own the socket's receive side turn
 * EBUSY into unhandled rejections and take subscription events away from the application; a
 * socket handed to a worker thread does not arrive as a socket at all.
 */
import { Worker } from "node:worker_threads";
import type { ZSocket } from "../engine/types.ts";
import { moduleUrl } from "../runtime/project-paths.ts";
import { defineScenario, type ScenarioContext } from "./types.ts";
import type { HandoffReport } from "./xpub-handoff-worker.ts";
import { sleep, waitUntil } from "./wait.ts";

interface Hub {
  xpub: ZSocket;
  endpoint: string;
}

/** An XPUB that hands every subscribe and unsubscribe to the application. */
async function openHub(ctx: ScenarioContext): Promise<Hub> {
  const xpub = ctx.engine!.socket("xpub", { verbosity: "allSubsUnsubs", linger: 0 });
  return { xpub, endpoint: await xpub.bind("tcp://127.0.0.1:0") };
}

async function closeHub(_ctx: ScenarioContext, { xpub }: Hub): Promise<void> {
  xpub.close();
}

/** The sequence number of a subscription event: subscriber i's join is 2i, its leave 2i + 1. */
function eventSeq(event: Uint8Array): number {
  const i = Number(new TextDecoder().decode(event.subarray(1)).slice("news/".length));
  return 2 * i + (event[0] === 0 ? 1 : 0);
}

/** The send loop: publishes a tick every millisecond until stopped. */
async function publish(xpub: ZSocket, signal: AbortSignal): Promise<void> {
  for (let n = 0; !signal.aborted; n++) {
    await xpub.send([`news/${n % 4}`, `tick ${n}`]);
    await sleep(1);
  }
}

/**
 * `ctx.iterations` subscribers join (subscribe) and leave (unsubscribe, close), one after the
 * other: each join and each leave is one subscription event the application must see. `seen`
 * counts the events anyone has read, so that each step waits for its event (bounded); without
 * it, each step waits 5 ms.
 */
async function joinAndLeave(ctx: ScenarioContext, { endpoint }: Hub, seen?: () => number): Promise<void> {
  const step = (expected: number) => (seen ? waitUntil(() => seen() >= expected, 500) : sleep(5));
  for (let i = 0; i < ctx.iterations; i++) {
    const sub = ctx.engine!.socket("sub", { linger: 0 });
    await sub.connect(endpoint);
    ctx.sent(2 * i);
    sub.subscribe(`news/${i}`);
    await step(2 * i + 1);
    ctx.sent(2 * i + 1);
    sub.unsubscribe(`news/${i}`);
    await step(2 * i + 2);
    sub.close();
  }
}

/** Posts `socket` to a worker thread; what arrives, or the error postMessage throws, in words. */
async function handToWorker(socket: ZSocket): Promise<string> {
  const worker = new Worker(moduleUrl("./xpub-handoff-worker.ts", import.meta.url));
  try {
    const reply = new Promise<HandoffReport>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    worker.postMessage({ socket });
    const r = await reply;
    return `the worker received ${r.arrived}${r.canReceive ? "" : ": it has no receive() to read events with"}`;
  } catch (e) {
    const { name, message } = e as Error;
    // Node's message quotes the whole function that could not be cloned: keep it short.
    const what = /could not be cloned/.test(message)
      ? "a function it holds could not be cloned"
      : message.split("\n")[0].slice(0, 120);
    return `postMessage(socket) threw ${name}: ${what}`;
  } finally {
    await worker.terminate();
  }
}

/** The scenario. */
export default defineScenario({
  name: "xpub-thread-misuse",
  title: "One XPUB socket used by two loops at once",
  source: {
    reports: [
      "https://github.com/zeromq/pyzmq/issues/2043",
      "https://github.com/zeromq/libzmq/issues/3200",
      "https://github.com/zeromq/libzmq/issues/1573",
      "https://github.com/zeromq/zeromq.js/issues/406",
      "https://github.com/zeromq/zeromq.js/issues/426",
      "https://github.com/zeromq/zeromq.js/issues/427",
      "https://github.com/zeromq/zeromq.js/issues/706",
    ],
    documented:
      "PyZMQ: the main thread sends on an XPUB socket (XPUB_VERBOSE) while a background thread receives its " +
      "subscription events. ZeroMQ sockets are not thread-safe: libzmq asserts (mailbox.cpp:72, object.cpp:142) " +
      "or crashes. Fixes: one thread owns the socket (asyncio tasks for both jobs), or the main loop polls for " +
      "subscription events with a zero timeout between sends.",
  },
  symptom: "In one JavaScript thread, two loops that each believe they own the socket's receive side: the second " +
    "receive is refused with EBUSY, which in a fire-and-forget async loop is an unhandled rejection, and every " +
    "subscription event then goes to the other loop: lost to the application. A socket cannot cross to a worker " +
    "thread at all: postMessage(socket) throws DataCloneError or delivers a lifeless copy, and nobody reads the events.",
  fix: "One owner per direction: a single reader of subscription events that dispatches each to whoever needs it " +
    "(or a zero-timeout poll inside the send loop), and one sender; sockets stay in the thread that made them.",
  usesEngine: true,
  defaultIterations: 5,
  forms: [
    {
      variant: "buggy",
      form: "two-readers",
      description:
        "A debug logger and the application's subscriber tracker both loop on receive(), beside the send loop.",
      reproduces: ["unhandledRejections", "lostMessages"],
      program: {
        setup: openHub,
        async run(ctx: ScenarioContext, hub: Hub) {
          const { xpub } = hub;
          let logged = 0;
          let tracked = 0;
          // A debug helper, started first, logs subscription events: it reads the socket.
          async function logSubscriptions() {
            for (;;) {
              await xpub.receive();
              logged++;
            }
          }
          // The application's own reader: it keeps the list of subscribers.
          async function trackSubscribers() {
            for (;;) {
              const [event] = await xpub.receive();
              ctx.processed(eventSeq(event));
              tracked++;
            }
          }
          void logSubscriptions(); // fire-and-forget, each believing it owns the receive side
          void trackSubscribers(); // its receive is refused with EBUSY: a rejection nobody handles
          const stop = new AbortController();
          const sending = publish(xpub, stop.signal);
          await joinAndLeave(ctx, hub, () => logged + tracked);
          stop.abort();
          await sending;
        },
        shutdown: closeHub,
      },
    },
    {
      variant: "buggy",
      form: "worker-handoff",
      description: "The socket is posted to a worker thread that was meant to read its subscription events.",
      reproduces: ["lostMessages"],
      program: {
        setup: openHub,
        async run(ctx: ScenarioContext, hub: Hub) {
          ctx.note(await handToWorker(hub.xpub)); // whatever arrived cannot read the events
          const stop = new AbortController();
          const sending = publish(hub.xpub, stop.signal);
          await joinAndLeave(ctx, hub);
          stop.abort();
          await sending;
        },
        shutdown: closeHub,
      },
    },
    {
      variant: "fixed",
      form: "one-owner",
      description: "One reader owns the receive side and dispatches each event to the logger and the tracker.",
      program: {
        setup: openHub,
        async run(ctx: ScenarioContext, hub: Hub) {
          const { xpub } = hub;
          let seen = 0;
          const listeners = [
            () => seen++, // the debug logger
            (event: Uint8Array) => ctx.processed(eventSeq(event)), // the subscriber tracker
          ];
          async function dispatchSubscriptions(signal: AbortSignal) {
            while (!signal.aborted) {
              try {
                const [event] = await xpub.receive({ signal });
                for (const listener of listeners) listener(event);
              } catch (e) {
                if (signal.aborted) return;
                throw e;
              }
            }
          }
          const stop = new AbortController();
          const reading = dispatchSubscriptions(stop.signal);
          const sending = publish(xpub, stop.signal);
          await joinAndLeave(ctx, hub, () => seen);
          stop.abort();
          await Promise.all([reading, sending]);
        },
        shutdown: closeHub,
      },
    },
  ],
});
