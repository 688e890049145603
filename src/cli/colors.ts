/**
 * Colors for people: none when stdout is not a terminal (or is one with TERM=dumb), when
 * NO_COLOR is set or with --no-color; FORCE_COLOR turns them on where stdout is not a terminal
 * (NO_COLOR and --no-color, the explicit "no", still win).
 */
import { Chalk, type ChalkInstance } from "chalk";
import { isRichTerminal } from "../runtime/is-terminal.ts";

let disabledByFlag = false;

/** Called by the entry point when --no-color is given. */
export function disableColor(): void {
  disabledByFlag = true;
}

/** Whether colored output is wanted on `stream`. */
export function colorWanted(stream: "stdout" | "stderr" = "stdout"): boolean {
  if (disabledByFlag) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  return isRichTerminal(stream);
}

/** A chalk instance for `stream`, colored or plain as the rules above say. */
export function colors(stream: "stdout" | "stderr" = "stdout"): ChalkInstance {
  return new Chalk({ level: colorWanted(stream) ? 1 : 0 });
}
