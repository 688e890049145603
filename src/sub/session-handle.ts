/**
 * What the main thread of `sub` holds of a running session, whether the session runs here or
 * in a worker thread (--worker): the runner and its reports do not know which.
 */
import { type SessionHooks, type SubProgress, type SubResult, SubSession, type SubStarted } from "./sub-session.ts";
import type { SubOptions } from "./sub-options.ts";

/** A session that has started (its socket is bound or connected). */
export interface SessionHandle {
  readonly started: SubStarted;
  /** The latest progress sample. */
  progress(): SubProgress;
  /** Asks the session to end; `result` then settles. */
  stop(): void;
  readonly result: Promise<SubResult>;
}

/** Starts a session in this thread. */
export async function startLocalSession(opts: SubOptions, hooks: SessionHooks): Promise<SessionHandle> {
  const session = new SubSession(opts, hooks);
  const started = await session.open();
  const result = session.run();
  return { started, result, progress: () => session.progress(), stop: () => session.stop("signal") };
}
