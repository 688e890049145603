/** `zmqdiag bus`: an XSUB/XPUB forwarder that counts everything and always shuts down. */
import { Command } from "@commander-js/extra-typings";
import { durationOption, engineOption, jsonOption, reportOption } from "../src/cli/common-options.ts";
import { integerAtLeast, maxInt32, millisecondsAtLeast } from "../src/cli/option-parsers.ts";
import { defaultShutdownTimeoutMs } from "../src/bus/options.ts";
import { examples } from "../src/cli/help-examples.ts";
import { runAction } from "../src/cli/run-action.ts";
import { defaultTopicLimit } from "../src/bus/topic-table.ts";
import { defaultMaxMessageSize, maxMessageSizeHelp, parseMaxMessageSize } from "../src/cli/max-message-size.ts";

/** Declares the `bus` subcommand. */
export function busCommand() {
  return new Command("bus")
    .usage("--frontend <endpoint> --backend <endpoint> [options]")
    .summary("XSUB/XPUB forwarder that counts everything and always shuts down")
    .description(
      "forward publishers (connecting to --frontend, XSUB) to subscribers (connecting to --backend, XPUB), " +
        "counting messages, subscriptions, peers and drops; shuts down within --shutdown-timeout or reports a hang",
    )
    .requiredOption("--frontend <endpoint>", "endpoint to bind for publishers (XSUB), e.g. tcp://127.0.0.1:5555")
    .requiredOption("--backend <endpoint>", "endpoint to bind for subscribers (XPUB), e.g. tcp://127.0.0.1:5556")
    .addOption(engineOption("ZeroMQ engine: native (zeromq.js), zmtp (pure TypeScript), auto"))
    .option(
      "--stats-interval <ms>",
      "print the counters every <ms> (stderr; `stats` events with --json)",
      millisecondsAtLeast(1),
    )
    .addOption(durationOption("stop by itself after <s> seconds"))
    .option(
      "--shutdown-timeout <ms>",
      "longest a shutdown may take before it is reported as a hang (exit 1)",
      millisecondsAtLeast(1),
      defaultShutdownTimeoutMs,
    )
    .option("--hwm <n>", "high-water mark of both sockets, in messages (0 = unlimited)", integerAtLeast(0, maxInt32))
    .option("--max-message-size <bytes>", maxMessageSizeHelp, parseMaxMessageSize, defaultMaxMessageSize)
    .option(
      "--top-topics <n>",
      "topics that get their own subscription counts, the busiest by churn; the rest are counted together",
      integerAtLeast(0, maxInt32),
      defaultTopicLimit,
    )
    .option(
      "--verbose-subscriptions",
      "forward every subscription and unsubscription, not only a topic's first and last",
    )
    .addOption(jsonOption("JSON Lines on stdout: start, stats, hang, summary"))
    .addOption(reportOption())
    .addHelpText(
      "after",
      examples([
        "zmqdiag bus --frontend tcp://127.0.0.1:5555 --backend tcp://127.0.0.1:5556 --stats-interval 1000",
        "zmqdiag bus --frontend tcp://127.0.0.1:5555 --backend tcp://127.0.0.1:5556 --duration 60 --json --report bus.json",
      ]),
    )
    .action(async (opts) => {
      const { runBus } = await import("../src/bus/run-bus.ts");
      await runAction(() =>
        runBus({
          frontend: opts.frontend,
          backend: opts.backend,
          engine: opts.engine,
          statsIntervalMs: opts.statsInterval,
          durationMs: opts.duration,
          shutdownTimeoutMs: opts.shutdownTimeout,
          hwm: opts.hwm,
          maxMessageSize: opts.maxMessageSize,
          topTopics: opts.topTopics,
          verboseSubscriptions: opts.verboseSubscriptions ?? false,
          json: opts.json ?? false,
          report: opts.report,
        })
      );
    });
}
