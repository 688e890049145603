/** `zmqdiag repro`: placeholder until its issue lands. */
import { Command } from "@commander-js/extra-typings";

/** Declares the `repro` subcommand. */
export function reproCommand() {
  return new Command("repro").description("(not available yet)").action(() => {
    process.stderr.write("zmqdiag: repro is not available yet\n");
    process.exitCode = 2;
  });
}
