/** `zmqdiag sub`: placeholder until its issue lands. */
import { Command } from "@commander-js/extra-typings";

/** Declares the `sub` subcommand. */
export function subCommand() {
  return new Command("sub").description("(not available yet)").action(() => {
    process.stderr.write("zmqdiag: sub is not available yet\n");
    process.exitCode = 2;
  });
}
