/**
 * What an unhandled rejection came from, as a line for the report ("Pull created at app.mjs:5:14:
 * receive called at app.mjs:12:6"). A reason gets it in one of two ways: tagged when it went
 * through our hands (a call that threw at once, a followed operation), under a symbol that is
 * not enumerable, so the program never sees it; or found afterwards by an instrumenter that
 * knows which of its calls' promises were rejected with that very reason.
 */
import { rejectionsKept } from "./channel.ts";

const contextKey = Symbol.for("zmqdiag.context");
const providers: Array<(reason: unknown) => string | undefined> = [];
// Rejections past those the report keeps are only counted there: nothing is looked up for them,
// so a program that goes on through many rejections pays for a few lookups only.
let lookups = 0;

/** Attaches the context to a reason, invisibly (non-enumerable), when it is an object. */
export function tagReason(reason: unknown, text: () => string): void {
  try {
    if (
      typeof reason === "object" && reason !== null && !Object.prototype.hasOwnProperty.call(reason, contextKey) &&
      Object.isExtensible(reason)
    ) {
      Object.defineProperty(reason, contextKey, {
        value: text(),
        configurable: true,
        writable: true,
        enumerable: false,
      });
    }
  } catch {
    // never throw into the program
  }
}

/** An instrumenter's way to name the origin of a reason that was not tagged. */
export function addContextProvider(provide: (reason: unknown) => string | undefined): void {
  providers.push(provide);
}

/** The context of a rejection's reason, if anything knows it. */
export function rejectionContext(reason: unknown): string | undefined {
  try {
    const tagged = (reason as Record<symbol, unknown> | null)?.[contextKey];
    if (typeof tagged === "string") return tagged;
    if (providers.length === 0 || ++lookups > rejectionsKept) return undefined;
    for (const provide of providers) {
      const found = provide(reason);
      if (found) return found;
    }
  } catch {
    // a hostile reason: no context
  }
  return undefined;
}
