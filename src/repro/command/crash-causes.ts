/**
 * The crash texts zmqdiag knows, and what each means in plain words. One entry per text; each
 * has a test (test/repro/command/crash-causes.test.ts) that feeds it a real line.
 */
import { withoutColors } from "../../cli/without-colors.ts";

/** A known crash text. */
export interface CrashCause {
  /** A stable name for the cause. */
  id: string;
  /** Matched against each line of stderr. */
  pattern: RegExp;
  /** The cause, in plain words. */
  cause: string;
}

/** Most specific first. */
export const crashCauses: readonly CrashCause[] = [
  {
    id: "libzmq-thread-misuse",
    // libzmq's zmq_assert: "Assertion failed: ... (src/mailbox.cpp:99)", also its errno_assert and posix_assert lines.
    pattern:
      /\(src\/(object|mailbox|signaler|socket_base|pipe|ypipe|ctx|epoll|poller_base|session_base|stream_engine_base)\.(cpp|hpp):\d+\)|\b_input_stopped\b/,
    cause: "a ZeroMQ socket or context used from several threads at once",
  },
  {
    id: "zeromq-js-on-bun",
    pattern: /uv_poll_init_socket/,
    cause: "zeromq.js cannot run on Bun (oven-sh/bun#18546)",
  },
  {
    id: "native-addon-abort",
    pattern: /^\s*(FATAL ERROR:|terminate called)/,
    cause: "the native addon aborted the runtime (a C++ exception or a V8 fatal error)",
  },
];

/** The first known cause found in stderr, with the line it was found in. */
export function crashCause(stderr: string): { id: string; cause: string; line: string } | undefined {
  const lines = withoutColors(stderr).split("\n");
  for (const c of crashCauses) {
    const line = lines.find((l) => c.pattern.test(l));
    if (line) return { id: c.id, cause: c.cause, line: line.trim().slice(0, 300) };
  }
  return undefined;
}
