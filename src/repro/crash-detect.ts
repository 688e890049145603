/** Tells a crash (a signal, an abort, a runtime panic) from an ordinary exit. */
import { withoutColors } from "../cli/without-colors.ts";

// A shell, or a runtime re-raising, reports a fatal signal as 128 + its number.
const crashCodes = new Map([[132, "SIGILL"], [133, "SIGTRAP"], [134, "SIGABRT"], [135, "SIGBUS"], [136, "SIGFPE"], [
  139,
  "SIGSEGV",
]]);
// Most telling first: a runtime's panic line beats a mention of the function it met.
const crashLinePatterns = [
  /panic\(|^\s*panic:|panicked at|Assertion failed|Segmentation fault|FATAL ERROR|fatal runtime error|terminate called|libc\+\+abi/i,
  /panic|\bAborted\b|SIGSEGV|SIGABRT|Fatal (JavaScript|process|error)|uv_poll_init_socket|core dumped|Illegal instruction|Bus error/i,
];

/** The runtime's own crash line in stderr, if there is one. */
export function crashLine(stderr: string): string | null {
  const lines = withoutColors(stderr).split("\n");
  for (const pattern of crashLinePatterns) {
    const line = lines.find((l) => pattern.test(l));
    if (line) return line.trim().slice(0, 300);
  }
  return null;
}

/**
 * What a process that zmqdiag did not kill died of: its signal, a signal read from a 128+n exit
 * code, or "abort" for a runtime's panic; undefined when it did not crash.
 */
export function crashSignal(code: number | null, signal: string | null, stderr: string): string | undefined {
  if (signal) return signal;
  if (code !== null && crashCodes.has(code)) return crashCodes.get(code);
  if (code !== null && code !== 0 && crashLinePatterns[0].test(withoutColors(stderr))) return "abort";
  return undefined;
}

/** The last lines of stderr, plain. */
export function stderrTail(stderr: string, lines = 40): string {
  return withoutColors(stderr).trimEnd().split("\n").slice(-lines).join("\n");
}
