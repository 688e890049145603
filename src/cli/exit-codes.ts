/** Exit codes, the same on every command. */
export const ExitCode = {
  /** Everything was clean (or, for repro, every verdict was as expected). */
  clean: 0,
  /** Findings: lost, duplicated or reordered messages, a hang, a failed verdict. */
  findings: 1,
  /** Bad usage or bad input. */
  usage: 2,
} as const;
