/** One line describing a thrown value or a rejection reason, for reports. */
import { withoutColors } from "../cli/without-colors.ts";

/** At most this many characters. */
const maxLength = 300;

/** "Name [CODE]: message", cut to one short line. */
export function errorText(e: unknown): string {
  let text: string;
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    text = `${e.name}${typeof code === "string" ? ` [${code}]` : ""}: ${e.message}`;
  } else {
    try {
      text = typeof e === "string" ? e : JSON.stringify(e) ?? String(e);
    } catch {
      text = String(e);
    }
  }
  // Deno colors some of its own error messages whatever NO_COLOR says; a report wants plain text.
  text = withoutColors(text).replace(/\s+/g, " ").trim();
  return text.length > maxLength ? `${text.slice(0, maxLength - 3)}...` : text;
}
