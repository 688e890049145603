/** `zmqdiag pub`: send numbered messages that `sub` can account for. */
import { Command } from "@commander-js/extra-typings";
import { defaultLingerMs } from "../src/engine/types.ts";
import { choiceOption, durationOption, engineOption, jsonOption, reportOption } from "../src/cli/common-options.ts";
import { integerAtLeast, maxInt32, millisecondsAtLeast, positiveNumber } from "../src/cli/option-parsers.ts";
import { examples } from "../src/cli/help-examples.ts";
import { runAction } from "../src/cli/run-action.ts";
import { defaultMaxMessageSize, maxMessageSizeHelp, parseMaxMessageSize } from "../src/cli/max-message-size.ts";

const socketTypes = ["pub", "push", "xpub"] as const;

/** Declares the `pub` subcommand. */
export function pubCommand() {
  return new Command("pub")
    .summary("send numbered messages that sub can account for")
    .description(
      "send numbered messages (zmqdiag's header: stream, sequence, send time) to <endpoint>, paced by --rate",
    )
    .argument("<endpoint>", "e.g. tcp://127.0.0.1:5556 (connects; --bind binds)")
    .option("--bind", "bind the endpoint instead of connecting")
    .addOption(choiceOption("--type <type>", "socket type", socketTypes).default("pub" as const))
    .option("--topic <t>", "topic: the first frame of each message", "")
    .addOption(engineOption("ZeroMQ engine: native (zeromq.js), zmtp (pure TypeScript), auto"))
    .option(
      "--count <n>",
      "sequence numbers 0..n-1, skipped ones included (default: until --duration or Ctrl-C)",
      integerAtLeast(1),
    )
    .option(
      "--rate <msgs/s>",
      "messages per second, paced smoothly (default: as fast as the engine takes them)",
      positiveNumber,
    )
    .option(
      "--size <bytes>",
      "payload size in bytes, header (32 bytes) included, at most 268435456 (256 MiB)",
      integerAtLeast(1),
      100,
    )
    .addOption(durationOption("stop after <s> seconds of sending"))
    .option("--stream <id>", "stream id, 0-4294967295 (default: random)", integerAtLeast(0))
    .option(
      "--warmup <ms>",
      "wait before the first message so that subscribers can join (default: 300 for pub/xpub, 0 for push)",
      millisecondsAtLeast(0),
    )
    .option(
      "--linger <ms>",
      "how long closing may take to deliver queued messages",
      millisecondsAtLeast(0),
      defaultLingerMs,
    )
    .option("--hwm <n>", "send high-water mark, in messages (0 = unlimited)", integerAtLeast(0, maxInt32))
    .option("--max-message-size <bytes>", maxMessageSizeHelp, parseMaxMessageSize, defaultMaxMessageSize)
    .option("--skip <list>", "sequence numbers to leave out on purpose, e.g. 10,20-25")
    .addOption(jsonOption("JSON Lines on stdout: start, progress, summary"))
    .addOption(reportOption())
    .addHelpText(
      "after",
      examples([
        "zmqdiag pub tcp://127.0.0.1:5556 --count 100000 --rate 50000",
        "zmqdiag pub tcp://127.0.0.1:5556 --count 1000 --skip 10,20-25   # sub reports exactly these gaps",
        "zmqdiag pub tcp://127.0.0.1:5556 --bind --type push --duration 10 --json",
      ]),
    )
    .action(async (endpoint, opts) => {
      await runAction(async () => {
        const { checkPubOptions } = await import("../src/pub/check-pub-options.ts");
        const { runPub } = await import("../src/pub/run-pub.ts");
        const { options, skips } = checkPubOptions({
          endpoint,
          bind: opts.bind ?? false,
          type: opts.type,
          topic: opts.topic,
          engine: opts.engine,
          count: opts.count,
          rate: opts.rate,
          size: opts.size,
          durationMs: opts.duration,
          stream: opts.stream,
          warmupMs: opts.warmup,
          lingerMs: opts.linger,
          hwm: opts.hwm,
          maxMessageSize: opts.maxMessageSize,
          skip: opts.skip,
          json: opts.json ?? false,
          report: opts.report,
        });
        return runPub(options, skips);
      }, { naturalExitWithinMs: opts.linger + 1000 }); // the process ends once the socket has lingered
    });
}
