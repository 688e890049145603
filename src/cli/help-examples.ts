/** The "Examples:" block at the end of a command's --help: commands a user can copy as they are. */
export function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}\n`).join("")}`;
}
