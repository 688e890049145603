/**
 * swallowed-cancel (seed 003): a receive-and-retry loop whose catch-all also catches the abort,
 * so the task outlives its cancellation and shutdown never completes.
 */
import type { ZSocket } from "../engine/types.ts";
import { closePushPull, openPushPull, type PushPullPipe } from "./push-pull-pipe.ts";
import { defineScenario, type ScenarioContext } from "./types.ts";
import { sleep, waitUntil } from "./wait.ts";

/** A consumer task: handles messages until `signal` is aborted, then settles. */
type Consumer = (pull: ZSocket, signal: AbortSignal, handle: (text: string) => void) => Promise<void>;

const seqOf = (text: string) => Number(text.slice("message ".length));

/**
 * Starts the consumer, sends it `ctx.iterations` messages, waits until it has handled them, then
 * aborts it and waits for it to settle, as a shutdown would. A task that swallows its abort
 * never settles: the run phase hangs, and the hang names the wait.
 */
async function consumeThenCancel(ctx: ScenarioContext, { pull, push }: PushPullPipe, consume: Consumer): Promise<void> {
  const stop = new AbortController();
  let handled = 0;
  const task = consume(pull, stop.signal, (text) => {
    ctx.processed(seqOf(text));
    handled++;
  });
  for (let seq = 0; seq < ctx.iterations; seq++) {
    ctx.sent(seq);
    await push.send(`message ${seq}`);
  }
  await waitUntil(() => handled === ctx.iterations, 2000);
  stop.abort();
  const settled = ctx.pending("consumer task", "settle after its abort");
  // A task that ends with the abort's own error has done what it was asked: not a failure.
  await task.catch((e) => {
    if (e !== stop.signal.reason) throw e;
  });
  settled();
}

/** The scenario. */
export default defineScenario({
  name: "swallowed-cancel",
  title: "A retry loop whose catch-all swallows the abort",
  source: {
    reports: [
      "https://github.com/python/cpython/pull/13528",
    ],
    documented: "asyncio: CancelledError derived from Exception, so an `except Exception:` retry loop swallowed the " +
      "cancellation; task.cancel() did not stop the task and shutdown never completed. Awaiting a cancelled task " +
      "inside a task being cancelled could swallow the outer cancellation too.",
  },
  symptom: "The abort arrives as an error (AbortError, or signal.reason) from the pending receive; the loop's " +
    "`catch (e) { log(e); retry }` treats it like any other failure and goes round again, so the task never " +
    "settles: whoever waits for it at shutdown waits forever.",
  fix: "Abort errors are re-thrown: check `signal.aborted` in the catch (or call `signal.throwIfAborted()`) before " +
    "retrying, and wait for the aborted task in a way that expects its abort error; the task settles at once.",
  usesEngine: true,
  defaultIterations: 20,
  deadlines: { run: 1500 },
  forms: [
    {
      variant: "buggy",
      form: "catch-all",
      description: "The receive loop's catch-all logs and retries every error, the abort included.",
      reproduces: ["hangs"],
      program: {
        setup: (ctx: ScenarioContext) => openPushPull(ctx),
        async run(ctx: ScenarioContext, pipe: PushPullPipe) {
          const decoder = new TextDecoder();
          let logged = 0;
          async function consume(pull: ZSocket, signal: AbortSignal, handle: (text: string) => void) {
            for (;;) {
              try {
                const [frame] = await pull.receive({ signal });
                handle(decoder.decode(frame));
              } catch (e) {
                // "Log and retry": the abort is caught here too, and the loop never ends.
                if (logged++ === 0) ctx.note(`retrying after: ${String(e)}`);
                await sleep(10);
              }
            }
          }
          await consumeThenCancel(ctx, pipe, consume);
        },
        shutdown: closePushPull,
      },
    },
    {
      variant: "fixed",
      form: "rethrow-abort",
      description: "The catch re-throws when the signal is aborted and retries only real failures.",
      program: {
        setup: (ctx: ScenarioContext) => openPushPull(ctx),
        async run(ctx: ScenarioContext, pipe: PushPullPipe) {
          const decoder = new TextDecoder();
          async function consume(pull: ZSocket, signal: AbortSignal, handle: (text: string) => void) {
            for (;;) {
              signal.throwIfAborted();
              try {
                const [frame] = await pull.receive({ signal });
                handle(decoder.decode(frame));
              } catch (e) {
                if (signal.aborted) throw signal.reason; // cancellation is not a failure to retry
                ctx.note(`retrying after: ${String(e)}`);
                await sleep(10);
              }
            }
          }
          await consumeThenCancel(ctx, pipe, consume);
        },
        shutdown: closePushPull,
      },
    },
  ],
});
