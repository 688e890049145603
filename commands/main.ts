#!/usr/bin/env node
/**
 * zmqdiag's entry point: assembles the subcommands. Each subcommand's file only declares its
 * options; its machinery in src/ is imported when it runs, so `--help` starts fast.
 */
import { Command, CommanderError } from "@commander-js/extra-typings";
import { getArgs } from "../src/runtime/args.ts";
import { exit } from "../src/runtime/exit.ts";
import { onBrokenPipe } from "../src/runtime/broken-pipe.ts";
import { requestStop } from "../src/runtime/signals.ts";
import { disableColor } from "../src/cli/colors.ts";
import { ExitCode } from "../src/cli/exit-codes.ts";
import { styleCommand } from "../src/cli/command-style.ts";
import { examples } from "../src/cli/help-examples.ts";
import { version } from "../src/version.ts";
import { pubCommand } from "./pub.ts";
import { subCommand } from "./sub.ts";
import { busCommand } from "./bus.ts";
import { reproCommand } from "./repro.ts";
import { doctorCommand } from "./doctor.ts";

// Output piped into `head` and the like: stop as on a signal (or just end), without a stack trace.
onBrokenPipe(() => {
  if (!requestStop("EPIPE")) void exit(Number(process.exitCode ?? ExitCode.clean));
});

const program = styleCommand(new Command("zmqdiag"), "zmqdiag")
  .description(
    "Find what asynchronous ZeroMQ code gets wrong: lost messages, unhandled rejections, shutdown hangs.\n" +
      "Runs on Node, Deno and Bun. Exit codes: 0 clean, 1 findings, 2 usage or bad input.",
  )
  .version(version, "-V, --version")
  .option("--no-color", "plain output, without colors (also: NO_COLOR=1)")
  .addHelpText(
    "after",
    examples([
      "zmqdiag repro                                    # reproduce every documented failure",
      "zmqdiag repro --list                             # the scenarios and their forms",
      "zmqdiag repro -- python3 my_subscriber.py        # your own program, unchanged, any language",
      "zmqdiag repro --stop-after 3000 -- node server.mjs   # a server: stopped, must exit in time",
      "zmqdiag sub tcp://127.0.0.1:5556 --bind --expect 100000",
      "zmqdiag pub tcp://127.0.0.1:5556 --count 100000 --rate 50000",
      "zmqdiag bus --frontend tcp://127.0.0.1:5555 --backend tcp://127.0.0.1:5556",
      "zmqdiag doctor                                   # which engines work here",
      "zmqdiag <command> --help                         # a command's options and examples",
    ]),
  )
  .exitOverride()
  .hook("preAction", (cmd) => {
    if (cmd.opts().color === false) disableColor();
  });

for (const make of [reproCommand, pubCommand, subCommand, busCommand, doctorCommand]) {
  const cmd = make();
  program.addCommand(styleCommand(cmd, `zmqdiag ${cmd.name()}`).exitOverride());
}

try {
  const args = getArgs();
  // Commander answers `help <unknown>` with the whole help as an error; one line says more.
  if (
    args[0] === "help" && args[1] !== undefined && args[1] !== "help" &&
    !program.commands.some((c) => c.name() === args[1])
  ) {
    program.error(`unknown command '${args[1]}'`, { code: "commander.unknownCommand" });
  }
  await program.parseAsync(args, { from: "user" });
} catch (e) {
  if (e instanceof CommanderError) {
    // --help, `help [cmd]` and --version end with 0; help shown for a missing command is a usage error.
    await exit(e.exitCode === 0 ? ExitCode.clean : ExitCode.usage);
  }
  throw e;
}
