/**
 * How every zmqdiag command talks about itself: errors are one line with the one prefix
 * (`zmqdiag: `), help marks required options as required and lists the global ones
 * (`--no-color`) under every subcommand too.
 */
import { type Command, Help, type Option } from "@commander-js/extra-typings";

/** The prefix of every error line zmqdiag writes. */
export const errorPrefix = "zmqdiag: ";

/**
 * Commander's message ("error: unknown command 'x'\n(Did you mean y?)") as one line:
 * "zmqdiag: unknown command 'x' (did you mean y?); see zmqdiag --help".
 */
export function oneLineError(message: string, helpCommand: string): string {
  const parts = message.trim().replace(/^error: /, "").split("\n").map((l) => l.trim()).filter(Boolean);
  const [head, ...rest] = parts;
  const more = rest.map((r) => r.replace(/^\((.*)\)$/, "$1").replace(/^Did you/, "did you")).join("; ");
  return `${errorPrefix}${head.replace(/\.$/, "")}${more ? ` (${more})` : ""}; see ${helpCommand} --help\n`;
}

/** Applies the house style to `cmd`, whose full name (for the help hint) is `name`, e.g. "zmqdiag bus". */
// deno-lint-ignore no-explicit-any -- any command, whatever its arguments and options
export function styleCommand<C extends Command<any, any, any>>(cmd: C, name: string): C {
  cmd.configureOutput({ outputError: (str, write) => write(oneLineError(str, name)) });
  cmd.configureHelp({
    showGlobalOptions: true,
    optionDescription(this: Help, option: Option) {
      const text = Help.prototype.optionDescription.call(this, option);
      return option.mandatory ? `${text} (required)` : text;
    },
  });
  return cmd;
}
