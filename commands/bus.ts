/** `zmqdiag bus`: an XSUB/XPUB forwarder that counts everything and always shuts down. */
import { Command, Option } from "@commander-js/extra-typings";
import { engineChoices } from "../src/engine/load.ts";
import { integerAtLeast, maxInt32, millisecondsAtLeast, oneOf, seconds, outputFile } from "../src/cli/option-parsers.ts";
import { examples } from "../src/cli/help-examples.ts";
import { runAction } from "../src/cli/run-action.ts";

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
    .addOption(new Option("--engine <engine>", "ZeroMQ engine: native (zeromq.js), zmtp (pure TypeScript), auto").argParser(oneOf(engineChoices)).default("auto" as const))
    .option("--stats-interval <ms>", "print the counters every <ms> (stderr; `stats` events with --json)", millisecondsAtLeast(1))
    .option("--duration <s>", "stop by itself after <s> seconds", seconds)
    .option("--shutdown-timeout <ms>", "longest a shutdown may take before it is reported as a hang (exit 1)", millisecondsAtLeast(1), 2000)
    .option("--hwm <n>", "high-water mark of both sockets, in messages (0 = unlimited)", integerAtLeast(0, maxInt32))
    .option("--verbose-subscriptions", "forward every subscription and unsubscription, not only a topic's first and last")
    .option("--json", "JSON Lines on stdout: start, stats, hang, summary")
    .option("--report <file>", "also write the summary as JSON to <file> (atomically)", outputFile)
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
          statsInterval: opts.statsInterval,
          duration: opts.duration,
          shutdownTimeout: opts.shutdownTimeout,
          hwm: opts.hwm,
          verboseSubscriptions: opts.verboseSubscriptions ?? false,
          json: opts.json ?? false,
          report: opts.report,
        }),
      );
    });
}
