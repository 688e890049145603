/**
 * recv-string-cancel (seed 000): a receive-then-decode loop on a PULL socket with a 1 ms receive
 * timeout, cancelled while messages flow. Leaving a receive behind when the loop stops gives an
 * unhandled rejection (its EAGAIN) or a lost message (the one it took); `receive({ signal })` gives
 * neither.
 */
import { hasCode } from "../engine/errors.ts";
import type { ZSocket } from "../engine/types.ts";
import { closePushPull, openPushPull, type PushPullPipe } from "./push-pull-pipe.ts";
import { defineScenario, type ScenarioContext } from "./types.ts";
import { receiveWithin, sleep } from "./wait.ts";

/** A consumer loop: handles messages until `signal` is aborted. */
type Consumer = (pull: ZSocket, signal: AbortSignal, handle: (text: string) => void) => Promise<void>;

const decoder = new TextDecoder();
const seqOf = (text: string) => Number(text.slice("message ".length));

/**
 * Cancels `consume` `ctx.iterations` times while messages flow: two messages are queued and the
 * consumer is cancelled as it handles the first, so the second is waiting on the socket exactly
 * as the cancel lands. Handles whatever is still queued (only what an abandoned receive took is
 * lost), then cancels `consume` once more while nothing flows: its receive can only time out.
 */
async function cancelWhileFlowingThenQuiet(
  ctx: ScenarioContext,
  { pull, push }: PushPullPipe,
  consume: Consumer,
): Promise<void> {
  let seq = 0;
  for (let i = 0; i < ctx.iterations; i++) {
    for (const s of [seq++, seq++]) {
      ctx.sent(s);
      await push.send(`message ${s}`);
    }
    await sleep(20); // both reach the PULL socket before the consumer starts
    const stop = new AbortController();
    await consume(pull, stop.signal, (text) => {
      ctx.processed(seqOf(text));
      stop.abort(); // the cancel lands while the consumer handles a message
    });
  }
  await drain(ctx, pull, seq);
  const quiet = new AbortController();
  const idle = consume(pull, quiet.signal, (text) => ctx.processed(seqOf(text)));
  await sleep(5);
  quiet.abort();
  await idle;
  await sleep(10); // the receive left behind, if any, times out before shutdown
}

/** Handles what is still queued: at most `count` messages, stopping after 50 ms without one. */
async function drain(ctx: ScenarioContext, pull: ZSocket, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const message = await receiveWithin(pull, 50);
    if (!message) return;
    ctx.processed(seqOf(decoder.decode(message[0])));
  }
}

/** The scenario. */
export default defineScenario({
  name: "recv-string-cancel",
  title: "A receive-then-decode loop cancelled while messages flow",
  source: {
    reports: [
      "https://github.com/zeromq/pyzmq/issues/1925",
      "https://github.com/zeromq/pyzmq/pull/1938",
      "https://github.com/zeromq/zeromq.js/issues/706",
    ],
    documented:
      "PyZMQ: a task looping on `await recv_string()` over a PULL socket with RCVTIMEO=1 ms is cancelled; the inner " +
      "receive future finishes after the outer one was cancelled: 'Future exception was never retrieved' (zmq.Again), " +
      "and a message the inner receive already took is lost.",
  },
  symptom:
    "The loop stops by leaving a receive in flight. That receive later rejects with EAGAIN and nobody handles it " +
    "(an unhandled rejection), or it takes a message off the socket that no code ever processes (a lost message).",
  fix:
    "A cancel-safe receive: pass the abort signal to `receive({ signal })`, so that an aborted receive is settled at " +
    "once and never takes a message; the message stays queued for the next receive.",
  usesEngine: true,
  defaultIterations: 5,
  forms: [
    {
      variant: "buggy",
      form: "abandon",
      description: "The loop keeps a receive in flight (read-ahead) and stops by abandoning it when cancelled.",
      reproduces: ["unhandledRejections", "lostMessages"],
      program: {
        setup: (ctx: ScenarioContext) => openPushPull(ctx, { receiveTimeout: 1 }), // 1 ms, as in pyzmq#1925
        async run(ctx: ScenarioContext, pipe: PushPullPipe) {
          const decoder = new TextDecoder();
          /** Receive, then decode: two steps, like pyzmq's recv_string (a chain of two futures). */
          const receiveString = (socket: ZSocket) => socket.receive().then(([frame]) => decoder.decode(frame));
          /** Keeps one receive in flight (read-ahead) and stops by leaving it behind. */
          async function consume(pull: ZSocket, signal: AbortSignal, handle: (text: string) => void) {
            let next = receiveString(pull);
            while (!signal.aborted) {
              try {
                const text = await next;
                next = receiveString(pull); // read ahead while this message is handled
                handle(text);
              } catch (e) {
                if (!hasCode(e, "EAGAIN")) throw e; // the 1 ms timeout: try again
                next = receiveString(pull);
              }
            }
            // Cancelled: `next` is abandoned. It rejects with EAGAIN and nobody handles that, or
            // it takes a message off the socket that nobody will ever process.
          }
          await cancelWhileFlowingThenQuiet(ctx, pipe, consume);
        },
        shutdown: closePushPull,
      },
    },
    {
      variant: "fixed",
      form: "signal",
      description: "Every receive takes the abort signal; an aborted receive takes nothing and is settled.",
      program: {
        setup: (ctx: ScenarioContext) => openPushPull(ctx, { receiveTimeout: 1 }), // 1 ms, as in pyzmq#1925
        async run(ctx: ScenarioContext, pipe: PushPullPipe) {
          const decoder = new TextDecoder();
          /** Every receive carries the signal: an aborted receive is settled at once and takes nothing. */
          async function consume(pull: ZSocket, signal: AbortSignal, handle: (text: string) => void) {
            while (!signal.aborted) {
              try {
                const [frame] = await pull.receive({ signal });
                handle(decoder.decode(frame));
              } catch (e) {
                if (signal.aborted) return; // the message, if any, stays queued for the next receive
                if (!hasCode(e, "EAGAIN")) throw e; // the 1 ms timeout: try again
              }
            }
          }
          await cancelWhileFlowingThenQuiet(ctx, pipe, consume);
        },
        shutdown: closePushPull,
      },
    },
  ],
});
