/**
 * A live one-line progress on stderr, for people: only when stderr is a terminal (not a dumb one), and at most
 * ten updates a second. `done()` clears it so the final report starts on a clean line.
 */
import { isRichTerminal } from "../runtime/is-terminal.ts";

/** How often the line may change at most. */
export const progressIntervalMs = 100;

/** A progress line that redraws itself in place. */
export class ProgressLine {
  private lastDraw = -Infinity;
  private lastText = "";
  private drawn = false;

  constructor(readonly enabled: boolean = isRichTerminal("stderr")) {}

  /** Redraws the line, unless the last redraw was less than 100 ms ago. */
  update(text: string): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastDraw < progressIntervalMs || text === this.lastText) return;
    this.lastDraw = now;
    this.lastText = text;
    this.drawn = true;
    process.stderr.write(`\r\x1b[2K${text}`);
  }

  /** Clears the line. */
  done(): void {
    if (this.drawn) process.stderr.write("\r\x1b[2K");
    this.drawn = false;
    this.lastText = "";
  }
}

/** A count with thousands separators ("1,234,567"). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
