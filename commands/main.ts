#!/usr/bin/env node
/**
 * zmqdiag's entry point: assembles the subcommands. Each subcommand's file only declares its
 * options; its machinery in src/ is imported when it runs, so `--help` starts fast.
 */
import { Command, CommanderError } from "@commander-js/extra-typings";
import { getArgs } from "../src/runtime/args.ts";
import { exit } from "../src/runtime/exit.ts";
import { disableColor } from "../src/cli/colors.ts";
import { ExitCode } from "../src/cli/exit-codes.ts";
import { version } from "../src/version.ts";
import { pubCommand } from "./pub.ts";
import { subCommand } from "./sub.ts";
import { busCommand } from "./bus.ts";
import { reproCommand } from "./repro.ts";
import { doctorCommand } from "./doctor.ts";

const program = new Command("zmqdiag")
  .description(
    "Find what asynchronous ZeroMQ code gets wrong: lost messages, unhandled rejections, shutdown hangs.\n" +
      "Runs on Node, Deno and Bun. Exit codes: 0 clean, 1 findings, 2 usage or bad input.",
  )
  .version(version, "-V, --version")
  .option("--no-color", "plain output, without colors (also: NO_COLOR=1)")
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride()
  .hook("preAction", (cmd) => {
    if (cmd.opts().color === false) disableColor();
  });

for (const make of [reproCommand, pubCommand, subCommand, busCommand, doctorCommand]) {
  program.addCommand(make().exitOverride());
}

try {
  await program.parseAsync(getArgs(), { from: "user" });
} catch (e) {
  if (e instanceof CommanderError) {
    const ok = e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help";
    await exit(ok ? ExitCode.clean : ExitCode.usage);
  }
  throw e;
}
