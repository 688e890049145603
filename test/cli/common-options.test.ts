import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Command, CommanderError } from "@commander-js/extra-typings";
import { choiceOption, durationOption, engineOption, jsonOption, reportOption } from "../../src/cli/common-options.ts";

/** A command with the shared options, that throws instead of exiting and prints nothing. */
function command() {
  return new Command("t")
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} })
    .addOption(engineOption("engine"))
    .addOption(choiceOption("--mode <mode>", "a mode", ["a", "b"]).default("a" as const))
    .addOption(durationOption("how long"))
    .addOption(jsonOption("json lines"))
    .addOption(reportOption());
}

/** The commander error of parsing `args`. */
function refusal(args: string[]): CommanderError {
  try {
    command().parse(args, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e;
    throw e;
  }
  assert.fail(`${args.join(" ")} was accepted`);
}

describe("common options", () => {
  it("common options - defaults: --engine auto, the choice's default, no duration, json or report", () => {
    assert.deepEqual(command().parse([], { from: "user" }).opts(), { engine: "auto", mode: "a" });
  });

  it("common options - --duration is given in seconds and kept in milliseconds", () => {
    const o = command().parse(
      ["--duration", "1.5", "--engine", "zmtp", "--mode", "b", "--json", "--report", "r.json"],
      { from: "user" },
    ).opts();
    assert.deepEqual(o, { engine: "zmtp", mode: "b", duration: 1500, json: true, report: "r.json" });
  });

  it("common options - a wrong choice is refused in the same words for --engine and any other choice", () => {
    assert.match(
      refusal(["--engine", "fast"]).message,
      /argument 'fast' is invalid\. expected one of auto, native, zmtp, got "fast"$/,
    );
    assert.match(refusal(["--mode", "c"]).message, /argument 'c' is invalid\. expected one of a, b, got "c"$/);
    assert.match(refusal(["--duration", "0"]).message, /expected a number > 0/);
  });

  it("common options - --help lists the choices", () => {
    let help = "";
    command().configureOutput({ writeOut: (s) => (help += s) }).outputHelp();
    assert.match(help, /--engine <engine>\s+engine \(choices: "auto", "native", "zmtp", default: "auto"\)/);
    assert.match(help, /--mode <mode>\s+a mode \(choices: "a", "b", default: "a"\)/);
  });
});
