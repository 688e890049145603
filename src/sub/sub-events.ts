/**
 * Connection events of `sub` as the user sees them: "connected to ..." only once a connection is
 * really up (never on connect() alone), disconnects with their reason, as lines on stderr or as
 * JSON events. A flapping connection must not flood the output: past `maxShown` each is counted.
 */
import { emitJson } from "../cli/json-lines.ts";
import type { SocketEvent } from "../engine/types.ts";

const maxShown = 20;

/** Prints socket events for one run; `done()` says how many were not shown. */
export function subEventPrinter(json: boolean): { event(e: SocketEvent, atMs: number): void; done(): void } {
  let shown = 0;
  let hidden = 0;
  return {
    event(e, atMs) {
      if (e.type !== "connect" && e.type !== "disconnect") return;
      if (++shown > maxShown) {
        hidden++;
        return;
      }
      const reason = (e as { reason?: unknown }).reason;
      const code = (e as { code?: unknown }).code;
      if (json) {
        emitJson({
          type: e.type,
          peer: e.peer,
          atMs,
          ...(typeof reason === "string" ? { reason } : {}),
          ...(typeof code === "string" ? { code } : {}),
        });
      } else {
        const why = typeof reason === "string" ? ` (${reason})` : "";
        process.stderr.write(
          `zmqdiag sub: ${e.type === "connect" ? "connected to" : "disconnected from"} ${e.peer}${why} at +${
            (atMs / 1000).toFixed(2)
          } s\n`,
        );
      }
    },
    done() {
      if (hidden > 0 && !json) process.stderr.write(`zmqdiag sub: ${hidden} more connection event(s) not shown\n`);
    },
  };
}
