/** JUnit XML of `repro -- <command>`: one test case per run; a run with findings is a <failure>. */
import { xmlEscape } from "../junit.ts";
import { commandFindingLines } from "./command-findings.ts";
import type { CommandResult } from "./command-result.ts";

/** The whole document. */
export function commandJunitXml(results: CommandResult[]): string {
  const failures = results.filter((r) => r.verdict === "fail").length;
  const seconds = results.reduce((a, r) => a + r.durationMs, 0) / 1000;
  const name = results[0] ? results[0].command.join(" ") : "command";
  const cases = results.map((r) => {
    const attrs = `classname="zmqdiag.repro.command" name="${xmlEscape(`${name} #${r.iteration}`)}" time="${
      (r.durationMs / 1000).toFixed(3)
    }"`;
    const out = r.details.output;
    const systemOut = [...out.stdout, ...(out.stderr.length ? ["stderr:", ...out.stderr] : [])].join("\n");
    const outXml = systemOut ? `\n      <system-out>${xmlEscape(systemOut)}</system-out>` : "";
    if (r.verdict === "pass") return `    <testcase ${attrs}>${outXml}${outXml ? "\n    " : ""}</testcase>`;
    const text = [...commandFindingLines(r), ...r.details.notes.map((n) => `note: ${n}`)].join("\n");
    return `    <testcase ${attrs}>\n      <failure message="${
      xmlEscape(commandFindingLines(r).filter((l) => !l.startsWith(" ")).join("; "))
    }" type="findings">${xmlEscape(text)}</failure>${outXml}\n    </testcase>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="zmqdiag repro" tests="${results.length}" failures="${failures}" skipped="0" time="${
      seconds.toFixed(3)
    }">`,
    `  <testsuite name="zmqdiag repro -- ${
      xmlEscape(name)
    }" tests="${results.length}" failures="${failures}" errors="0" skipped="0" time="${seconds.toFixed(3)}">`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
