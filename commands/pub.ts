/** `zmqdiag pub`: placeholder until its issue lands. */
import { Command } from "@commander-js/extra-typings";

/** Declares the `pub` subcommand. */
export function pubCommand() {
  return new Command("pub").description("(not available yet)").action(() => {
    process.stderr.write("zmqdiag: pub is not available yet\n");
    process.exitCode = 2;
  });
}
