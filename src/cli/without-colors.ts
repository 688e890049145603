/** Text as a program printed it, without the ANSI color codes (a child's stderr, a runtime's crash line). */

// deno-lint-ignore no-control-regex -- ESC (0x1b) is what every ANSI color code starts with
const colorCode = /\x1b\[[0-9;]*m/g;

/** `text` without ANSI color codes. */
export function withoutColors(text: string): string {
  return text.replace(colorCode, "");
}
