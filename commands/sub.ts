/** `zmqdiag sub`: receive messages and report the lost, duplicated and reordered ones. */
import { Command } from "@commander-js/extra-typings";
import { choiceOption, durationOption, engineOption, jsonOption, reportOption } from "../src/cli/common-options.ts";
import { collect, integerAtLeast, maxInt32, millisecondsAtLeast, positiveNumber } from "../src/cli/option-parsers.ts";
import { examples } from "../src/cli/help-examples.ts";
import { runAction } from "../src/cli/run-action.ts";
import { defaultMaxMessageSize, maxMessageSizeHelp, parseMaxMessageSize } from "../src/cli/max-message-size.ts";

const socketTypes = ["sub", "pull", "xsub"] as const;

/** Declares the `sub` subcommand. */
export function subCommand() {
  return new Command("sub")
    .summary("receive messages; report the lost, duplicated and reordered ones")
    .description(
      "receive messages on <endpoint> and report what was lost (with the missing ranges), duplicated or reordered, " +
        "per stream, with rate and latency; exit 1 on any finding",
    )
    .argument("<endpoint>", "e.g. tcp://127.0.0.1:5556 (connects; --bind binds)")
    .option("--bind", "bind the endpoint instead of connecting")
    .addOption(choiceOption("--type <type>", "socket type", socketTypes).default("sub" as const))
    .option("--topic <t>", "topic prefix to subscribe to (repeatable; default everything)", collect)
    .addOption(engineOption("ZeroMQ engine: zmtp (pure TypeScript), native (zeromq.js), auto (= zmtp)"))
    .option(
      "--seq <source>",
      "where sequence numbers are: header, json:<path>, text:<regex>, u64be:<offset>, u32be:<offset>, none",
      "header",
    )
    .option("--count <n>", "stop after <n> messages", integerAtLeast(1))
    .option(
      "--expect <n>",
      "<n> messages are expected, sequence 0..n-1: stop once they arrived, or 250 ms after the last message once n-1 " +
        "was seen on every stream (the numbers still missing are lost); fewer is a finding",
      integerAtLeast(1),
    )
    .option("--from-zero", "streams start at sequence 0 (otherwise the first number seen is the baseline)")
    .addOption(durationOption("stop after <s> seconds"))
    .option("--idle-timeout <ms>", "stop after <ms> without a message, once one has arrived", millisecondsAtLeast(1))
    .option("--hwm <n>", "receive high-water mark, in messages (0 = unlimited)", integerAtLeast(0, maxInt32))
    .option("--max-message-size <bytes>", maxMessageSizeHelp, parseMaxMessageSize, defaultMaxMessageSize)
    .option(
      "--heartbeat <ms>",
      "zmtp engine: ZMTP heartbeat interval, to tell an idle publisher from a dead connection (0 = off)",
      integerAtLeast(0, maxInt32),
      1000,
    )
    .option(
      "--rate <msgs/s>",
      "read at most this many messages per second (a slow consumer, on purpose)",
      positiveNumber,
    )
    .option("--worker", "run the receive loop and the accounting in a worker thread")
    .addOption(jsonOption("JSON Lines on stdout: start, gap, progress, summary"))
    .addOption(reportOption())
    .addHelpText(
      "after",
      examples([
        "zmqdiag sub tcp://127.0.0.1:5556 --bind --expect 100000",
        "zmqdiag sub tcp://127.0.0.1:5556 --topic md. --idle-timeout 2000 --json",
        "zmqdiag sub tcp://127.0.0.1:5556 --seq json:meta.seq        # a JSON publisher of your own",
      ]),
    )
    .action(async (endpoint, opts) => {
      await runAction(async () => {
        const { checkSubOptions } = await import("../src/sub/check-sub-options.ts");
        const { runSub } = await import("../src/sub/run-sub.ts");
        return runSub(checkSubOptions({
          endpoint,
          bind: opts.bind ?? false,
          type: opts.type,
          topics: opts.topic ?? [""],
          engine: opts.engine,
          seq: opts.seq,
          count: opts.count,
          expect: opts.expect,
          fromZero: opts.fromZero ?? false,
          durationMs: opts.duration,
          idleTimeoutMs: opts.idleTimeout,
          hwm: opts.hwm,
          maxMessageSize: opts.maxMessageSize,
          heartbeatMs: opts.heartbeat,
          rate: opts.rate,
          json: opts.json ?? false,
          report: opts.report,
          worker: opts.worker ?? false,
        }));
      });
    });
}
