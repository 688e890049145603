/** `zmqdiag doctor`: placeholder until its issue lands. */
import { Command } from "@commander-js/extra-typings";

/** Declares the `doctor` subcommand. */
export function doctorCommand() {
  return new Command("doctor").description("(not available yet)").action(() => {
    process.stderr.write("zmqdiag: doctor is not available yet\n");
    process.exitCode = 2;
  });
}
