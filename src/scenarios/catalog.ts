/** The documented scenarios, in the order `repro` runs and lists them. */
import type { Scenario } from "./types.ts";
import recvStringCancel from "./recv-string-cancel.ts";
import xpubThreadMisuse from "./xpub-thread-misuse.ts";
import shutdownHang from "./shutdown-hang.ts";
import swallowedCancel from "./swallowed-cancel.ts";
import shieldedSendDeadlock from "./shielded-send-deadlock.ts";

/** Every built-in scenario, in the order docs/scenarios.md describes them. */
export const scenarios: Scenario[] = [
  recvStringCancel,
  xpubThreadMisuse,
  shutdownHang,
  swallowedCancel,
  shieldedSendDeadlock,
];
