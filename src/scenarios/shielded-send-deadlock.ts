/**
 * shielded-send-deadlock (seed 004): a consumer, aborted at shutdown, drains a final message in
 * its cleanup with a receive shielded from the abort; the producer's send skips it because its
 * task "is being aborted". The final message is dropped and both sides wait forever.
 */
import { MemoryChannel } from "./memory-channel.ts";
import { defineScenario, type ScenarioContext } from "./types.ts";
import { waitUntil } from "./wait.ts";

/** The consumer task: receives until aborted, then drains the final message during cleanup. */
type Consumer = (channel: MemoryChannel<number>, signal: AbortSignal, handle: (seq: number) => void) => Promise<void>;

/**
 * Sends `ctx.iterations` messages through the channel, then shuts down as the documented program
 * did: abort the consumer, and, once it waits in its cleanup, send the final message with
 * `sendFinal`. Waits for the consumer to finish; each wait is named, so that a hang says which.
 */
async function produceThenShutDown(
  ctx: ScenarioContext,
  channel: MemoryChannel<number>,
  consume: Consumer,
  sendFinal: (seq: number) => Promise<void>,
): Promise<void> {
  const stop = new AbortController();
  let handled = 0;
  const consumer = consume(channel, stop.signal, (seq) => {
    ctx.processed(seq);
    handled++;
  });
  for (let seq = 0; seq < ctx.iterations; seq++) {
    ctx.sent(seq);
    await channel.send(seq);
  }
  await waitUntil(() => handled === ctx.iterations, 1000);
  stop.abort(); // shutdown: the consumer's pending receive is aborted and its cleanup starts
  await waitUntil(() => channel.waitingReceivers === 1, 1000); // it now waits, shielded, for the final message
  const draining = ctx.pending("consumer task", "shielded receive of the final message (cleanup)");
  const finalSeq = ctx.iterations;
  ctx.sent(finalSeq);
  const sending = ctx.pending("producer task", `send of the final message #${finalSeq} (cleanup)`);
  await sendFinal(finalSeq);
  sending();
  await consumer;
  draining();
}

/** The scenario. */
export default defineScenario({
  name: "shielded-send-deadlock",
  title: "A send that skips a shielded receiver during cleanup",
  source: {
    reports: [
      "https://github.com/agronholm/anyio/issues/771",
      "https://github.com/agronholm/anyio/pull/735",
      "https://github.com/agronholm/anyio/issues/728",
    ],
    documented:
      "AnyIO 4.4.0: MemoryObjectSendStream.send() skipped a receiver with a pending cancellation; on asyncio a " +
      "receiver inside a cancellation shield was wrongly reported as having one, so a final message sent from a " +
      "`finally` block during cleanup was never delivered and the program deadlocked (Trio was not affected).",
  },
  symptom: "An in-memory channel between two tasks: at shutdown the consumer, shielded from the abort so that it can " +
    "drain, waits for a final message; the producer's send sees the consumer's aborted signal, decides it is gone " +
    "and passes it over. The final message is never delivered (lost) and both tasks wait forever (a hang).",
  fix: "A send hands the message to any receiver that is still waiting, whatever the abort state of its task; and " +
    "cleanup waits are bounded (a timeout on the drain and on the final send), so a shutdown always ends.",
  usesEngine: false,
  defaultIterations: 20,
  deadlines: { run: 1000 },
  forms: [
    {
      variant: "buggy",
      form: "skip-aborted-receiver",
      description:
        "The channel's send passes over a receiver whose task is aborted, shielded or not; cleanup waits are unbounded.",
      reproduces: ["lostMessages", "hangs"],
      program: {
        async setup() {
          return new MemoryChannel<number>({ skipReceiversWithPendingAbort: true });
        },
        async run(ctx: ScenarioContext, channel: MemoryChannel<number>) {
          async function consume(channel: MemoryChannel<number>, signal: AbortSignal, handle: (seq: number) => void) {
            try {
              for (;;) handle(await channel.receive({ signal }));
            } catch (e) {
              if (!signal.aborted) throw e;
            }
            // Cleanup: drain the final message, shielded from the abort that started the cleanup.
            handle(await channel.receive({ signal, shield: true }));
          }
          await produceThenShutDown(ctx, channel, consume, (seq) => channel.send(seq));
        },
        async shutdown() {},
      },
    },
    {
      variant: "fixed",
      form: "deliver-to-waiting",
      description:
        "The channel's send delivers to any waiting receiver; the cleanup's drain and final send are bounded.",
      program: {
        async setup() {
          return new MemoryChannel<number>({ skipReceiversWithPendingAbort: false });
        },
        async run(ctx: ScenarioContext, channel: MemoryChannel<number>) {
          async function consume(channel: MemoryChannel<number>, signal: AbortSignal, handle: (seq: number) => void) {
            try {
              for (;;) handle(await channel.receive({ signal }));
            } catch (e) {
              if (!signal.aborted) throw e;
            }
            // Cleanup: drain the final message, shielded from the abort, but never for longer than 500 ms.
            handle(await channel.receive({ signal, shield: true, timeoutMs: 500 }));
          }
          await produceThenShutDown(ctx, channel, consume, (seq) => channel.send(seq, { timeoutMs: 500 }));
        },
        async shutdown() {},
      },
    },
  ],
});
