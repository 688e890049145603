/** `zmqdiag bus`: placeholder until its issue lands. */
import { Command } from "@commander-js/extra-typings";

/** Declares the `bus` subcommand. */
export function busCommand() {
  return new Command("bus").description("(not available yet)").action(() => {
    process.stderr.write("zmqdiag: bus is not available yet\n");
    process.exitCode = 2;
  });
}
