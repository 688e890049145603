/**
 * Option builders shared by the commands, so that an option every command has is declared,
 * parsed and worded once: --engine, --json, --report, --duration, and the rule for options
 * that take one of fixed words (listed in --help by commander, refused in the same words).
 */
import { Option } from "@commander-js/extra-typings";
import { engineChoices } from "../engine/load.ts";
import { oneOf, outputFile, seconds } from "./option-parsers.ts";

/** An option taking one of `choices`: listed in --help, a wrong word refused as "expected one of ...". */
export function choiceOption<const F extends string, const T extends string>(
  flags: F,
  description: string,
  choices: readonly T[],
) {
  return new Option(flags, description).choices(choices).argParser(oneOf(choices));
}

/** --engine: auto, native or zmtp; what auto means is the command's to say in `description`. */
export function engineOption(description: string) {
  return choiceOption("--engine <engine>", description, engineChoices).default("auto" as const);
}

/** --json, with what the command writes as JSON. */
export function jsonOption(description: string) {
  return new Option("--json", description);
}

/** --report <file>: a file name checked when parsed. */
export function reportOption(description = "also write the summary as JSON to <file> (atomically)") {
  return new Option("--report <file>", description).argParser(outputFile);
}

/** --duration <s>: seconds on the command line, milliseconds in the options (the `...Ms` rule). */
export function durationOption(description: string) {
  return new Option("--duration <s>", description).argParser((value: string) => Math.round(seconds(value) * 1000));
}
