/** JUnit XML of a repro: one test case per run; a failed verdict is a <failure>, a skipped combination <skipped/>. */
import type { RunResult, SkippedRun } from "./run-result.ts";
import { failureText, findingLines, interruptedText } from "./findings.ts";

/** Escapes text for XML content and attributes. */
export function xmlEscape(text: string): string {
  // deno-lint-ignore no-control-regex -- the control characters XML 1.0 does not allow are removed
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
  );
}

function caseName(r: { variant: string; form: string; engine: string; runtime: string }): string {
  return `${r.variant}/${r.form} [${r.engine}, ${r.runtime}]`;
}

/** The whole document. */
export function junitXml(results: RunResult[], skipped: SkippedRun[], seed: number): string {
  // An interrupted run is a JUnit <error> (it could not be judged), not a <failure>.
  const errors = results.filter((r) => r.interrupted).length;
  const failures = results.filter((r) => r.verdict === "fail").length - errors;
  const seconds = results.reduce((a, r) => a + r.durationMs, 0) / 1000;
  const cases: string[] = [];
  for (const r of results) {
    const attrs = `classname="zmqdiag.repro.${xmlEscape(r.scenario)}" name="${xmlEscape(caseName(r))}" time="${
      (r.durationMs / 1000).toFixed(3)
    }"`;
    if (r.interrupted) {
      const text = interruptedText(r);
      cases.push(
        `    <testcase ${attrs}>\n      <error message="${xmlEscape(text)}" type="interrupted">${
          xmlEscape(text)
        }</error>\n    </testcase>`,
      );
    } else if (r.verdict === "pass") {
      const seen = findingLines(r);
      cases.push(
        seen.length
          ? `    <testcase ${attrs}>\n      <system-out>${xmlEscape(seen.join("\n"))}</system-out>\n    </testcase>`
          : `    <testcase ${attrs}/>`,
      );
    } else {
      const text = failureText(r);
      const tail = r.details.crash?.stderrTail ? `\n\nstderr:\n${r.details.crash.stderrTail}` : "";
      cases.push(
        `    <testcase ${attrs}>\n      <failure message="${xmlEscape(text.split("\n").join("; "))}" type="verdict">${
          xmlEscape(text + tail)
        }</failure>\n    </testcase>`,
      );
    }
  }
  for (const s of skipped) {
    cases.push(
      `    <testcase classname="zmqdiag.repro.${xmlEscape(s.scenario)}" name="${
        xmlEscape(caseName(s))
      }" time="0">\n      <skipped message="${xmlEscape(s.reason)}"/>\n    </testcase>`,
    );
  }
  const total = results.length + skipped.length;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="zmqdiag repro" tests="${total}" failures="${failures}" skipped="${skipped.length}" errors="${errors}" time="${
      seconds.toFixed(3)
    }">`,
    `  <testsuite name="zmqdiag repro (seed ${seed})" tests="${total}" failures="${failures}" errors="${errors}" skipped="${skipped.length}" time="${
      seconds.toFixed(3)
    }">`,
    `    <properties><property name="seed" value="${seed}"/></properties>`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
