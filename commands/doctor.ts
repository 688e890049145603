/** `zmqdiag doctor`: the runtime, each engine's status on it, libzmq's version, loopback, what `auto` picks. */
import { Command } from "@commander-js/extra-typings";
import { jsonOption } from "../src/cli/common-options.ts";
import { examples } from "../src/cli/help-examples.ts";
import { runAction } from "../src/cli/run-action.ts";

/** Declares the `doctor` subcommand. */
export function doctorCommand() {
  return new Command("doctor")
    .summary("check which engines work on this runtime")
    .description(
      "Check what works on this runtime: each engine (native probed in a child process, as it may crash), " +
        "libzmq's version, loopback bind, and what --engine auto picks.\nExit 0 when at least one engine works.",
    )
    .addOption(jsonOption("one JSON object instead of text"))
    .addHelpText(
      "after",
      examples([
        "zmqdiag doctor",
        "zmqdiag doctor --json",
      ]),
    )
    .action((opts) =>
      runAction(async () => {
        const { runDoctor } = await import("../src/doctor/doctor-command.ts");
        return runDoctor(opts);
      })
    );
}
