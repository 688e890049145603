/**
 * --max-message-size of `pub`, `sub` and `bus`: the largest message a peer may send, so that one
 * connection cannot make the process hold gigabytes (libzmq's default is unlimited; zmqdiag's
 * is bounded). A peer that sends more is disconnected, and the engine's protocol-error event
 * names it (ZMTP_FRAME_TOO_LARGE on zmtp).
 */
import { InvalidArgumentError } from "@commander-js/extra-typings";

/** The default: 64 MiB. */
export const defaultMaxMessageSize = 64 * 1024 * 1024;

/** The option's help line. */
export const maxMessageSizeHelp =
  "largest message accepted from a peer, in bytes; a peer sending more is disconnected and named (-1 = unlimited, libzmq's default)";

/** Parses the option: a whole number of bytes >= 1, or -1 for unlimited. */
export function parseMaxMessageSize(value: string): number {
  const v = value.trim();
  const n = Number(v);
  if (v === "-1") return -1;
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError(`expected a whole number of bytes >= 1, or -1 for unlimited, got "${value}"`);
  }
  return n;
}
