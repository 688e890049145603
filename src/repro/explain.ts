/** The text of `repro --list` and `repro <name> --explain`. */
import type { ChalkInstance } from "chalk";
import type { ScenarioInfo } from "./scenario-info.ts";

const symptomWords: Record<string, string> = {
  unhandledRejections: "unhandled rejections",
  hangs: "a hang",
  lostMessages: "lost messages",
  crashes: "a crash",
};

type Form = ScenarioInfo["forms"][number];

function expectation(f: Form): string {
  const shows = f.variant === "buggy"
    ? `shows ${f.reproduces.map((s) => symptomWords[s] ?? s).join(" and ")}`
    : "must be clean";
  return `${shows}${f.engines ? `; ${f.engines.join("/")} engine only` : ""}`;
}

function formLine(f: Form, width: number): string {
  return `${`${f.variant}/${f.form}`.padEnd(width)}  ${f.description} (${expectation(f)})`;
}

/** One block per scenario: name, title, forms. */
export function listText(scenarios: ScenarioInfo[], c: ChalkInstance): string {
  const out: string[] = [];
  for (const s of scenarios) {
    out.push(`${c.bold(s.name)}  ${s.title}${s.file ? c.dim(`  (${s.file})`) : ""}`);
    out.push(
      c.dim(
        `  ${s.usesEngine ? "runs on each engine" : "uses no engine"}; ${s.defaultIterations} iterations by default`,
      ),
    );
    const width = Math.max(...s.forms.map((f) => f.variant.length + 1 + f.form.length));
    for (const f of s.forms) out.push(`  ${formLine(f, width)}`);
    out.push("");
  }
  out.push(c.dim("Explain one: zmqdiag repro <name> --explain. Run them: zmqdiag repro [name...]"));
  return out.join("\n");
}

/** Everything about one scenario: source, symptom, fix, and each form's program. */
export function explainText(s: ScenarioInfo, c: ChalkInstance): string {
  const out = [
    `${c.bold(s.name)}: ${s.title}`,
    "",
    c.bold("Documented"),
    `  ${s.source.documented}`,
    ...s.source.reports.map((r) => `  ${c.dim("reported:")} ${r}`),
    "",
    c.bold("Symptom"),
    `  ${s.symptom}`,
    "",
    c.bold("Fix"),
    `  ${s.fix}`,
  ];
  for (const f of s.forms) {
    out.push("", `${c.bold(`${f.variant}/${f.form}`)}  ${f.description}`, c.dim(`  (${expectation(f)})`), "");
    out.push(...f.text.split("\n").map((l) => `    ${l}`));
  }
  return out.join("\n");
}
