/**
 * shutdown-hang (seed 001): a virtual bus (XSUB/XPUB forwarder), a publisher, and an async
 * subscriber looping in a worker thread. Closing the parents first leaves the worker's receive
 * pending and the process never exits; terminating the worker under a pending native receive
 * aborts the process. Children first (cancel, wait, stop the loop), then parents, exits cleanly.
 */
import type { ZSocket } from "../engine/types.ts";
import { startSubscriberThread, type SubscriberThread } from "./subscriber-thread.ts";
import { defineScenario, type ScenarioContext } from "./types.ts";
import { startVirtualBus, type VirtualBus } from "./virtual-bus.ts";
import { sleep, waitUntil } from "./wait.ts";

interface System {
  bus: VirtualBus;
  publisher: ZSocket;
  subscriber: SubscriberThread;
}

/** Starts the bus, a publisher on its frontend, and the subscriber thread on its backend. */
async function startSystem(ctx: ScenarioContext): Promise<System> {
  const bus = await startVirtualBus(ctx.engine!);
  const publisher = ctx.engine!.socket("pub", { linger: 0 });
  await publisher.connect(bus.frontend);
  const subscriber = startSubscriberThread(ctx, bus.backend);
  if (
    !(await waitUntil(() => subscriber.state === "ready" || subscriber.failure !== undefined, 5000)) ||
    subscriber.failure
  ) {
    throw new Error(`the subscriber thread did not start: ${subscriber.failure ?? "not ready within 5 s"}`);
  }
  // The subscription travels SUB -> XPUB -> forwarder -> XSUB -> PUB: publish probes until one
  // arrives, so that no sequenced message is dropped by a publisher that has not heard of it yet.
  for (let i = 0; i < 400 && subscriber.probes === 0; i++) {
    await publisher.send("probe");
    await sleep(5);
  }
  if (subscriber.probes === 0) throw new Error("no probe reached the subscriber through the bus within 2 s");
  return { bus, publisher, subscriber };
}

/** Publishes `ctx.iterations` messages and waits (bounded) until the subscriber has them all. */
async function publishMessages(ctx: ScenarioContext, { publisher, subscriber }: System): Promise<void> {
  for (let seq = 0; seq < ctx.iterations; seq++) {
    ctx.sent(seq);
    await publisher.send(`message ${seq}`);
  }
  await waitUntil(() => subscriber.received === ctx.iterations, 2000);
}

/** The scenario. */
export default defineScenario({
  name: "shutdown-hang",
  title: "Shutting down a bus under an async subscriber in another thread",
  source: {
    reports: [
      "https://github.com/zeromq/pyzmq/issues/2070",
      "https://github.com/zeromq/zeromq.js/issues/411",
      "https://github.com/zeromq/zeromq.js/issues/141",
    ],
    documented:
      "PyZMQ virtual bus: a thread runs an XSUB/XPUB device; an asyncio subscriber runs its own event loop in a " +
      "background thread. At shutdown the main thread terminated the context while that loop still polled its " +
      "socket: the expected ContextTerminated never reached the loop and shutdown() hung forever. The working " +
      "order: cancel the subscriber tasks, wait for them, stop the loop, then terminate the context (children first).",
  },
  symptom:
    "The subscriber loop is a worker thread. Closing the bus and the publisher does not reach the receive pending " +
    "in the worker, so the thread runs on and the process never exits (a hang of the exit phase, naming the " +
    "pending receive). Terminating the worker instead, while its native receive is pending, aborts the whole " +
    "process with SIGABRT (zeromq.js issue 411): a crash.",
  fix: "Children before parents: tell the subscriber loop to stop, which aborts its receive (cancel-safe) and closes " +
    "its socket; wait for the thread to end; only then stop the forwarder and close the bus and the publisher. " +
    "The process exits by itself, and every message published before the stop was received.",
  usesEngine: true,
  defaultIterations: 20,
  deadlines: { exit: 1500 },
  forms: [
    {
      variant: "buggy",
      form: "parents-first",
      description:
        "Shutdown closes the bus and the publisher, expecting the subscriber thread's loop to end with them.",
      reproduces: ["hangs"],
      program: {
        setup: startSystem,
        run: publishMessages,
        async shutdown(_ctx: ScenarioContext, { bus, publisher }: System) {
          // The parents go first; nothing tells the subscriber's loop, whose receive stays pending.
          publisher.close();
          await bus.close();
        },
      },
    },
    {
      variant: "buggy",
      form: "terminate-worker",
      description:
        "Shutdown terminates the subscriber thread while its native receive is pending, then closes the bus.",
      reproduces: ["crashes"],
      engines: ["native"],
      // On Deno the native engine waits by polling, so no native receive is pending to abort on.
      runtimes: ["node"],
      program: {
        setup: startSystem,
        run: publishMessages,
        async shutdown(_ctx: ScenarioContext, { bus, publisher, subscriber }: System) {
          await subscriber.worker.terminate(); // the thread dies under its pending native receive
          publisher.close();
          await bus.close();
        },
      },
    },
    {
      variant: "fixed",
      form: "children-first",
      description:
        "Shutdown stops the subscriber loop and waits for its thread to end, then closes the bus and the publisher.",
      program: {
        setup: startSystem,
        run: publishMessages,
        async shutdown(_ctx: ScenarioContext, { bus, publisher, subscriber }: System) {
          subscriber.stop(); // cancel: the loop aborts its receive and closes its socket
          if (!(await waitUntil(() => subscriber.exited, 1000))) {
            throw new Error("the subscriber thread did not end within 1 s");
          }
          if (subscriber.failure) throw new Error(`the subscriber thread failed: ${subscriber.failure}`);
          publisher.close(); // only then the parents
          await bus.close();
        },
      },
    },
  ],
});
