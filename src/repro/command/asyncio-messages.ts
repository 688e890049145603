/**
 * Reads asyncio's reports of exceptions nobody retrieved from a Python program's stderr, line by
 * line as it arrives: "Future exception was never retrieved", "Task exception was never
 * retrieved", "Task was destroyed but it is pending!". Each occurrence is one rejection, with
 * the exception line that follows (the last line of its traceback, else its `future:` line).
 */

/** One occurrence. */
export interface AsyncioMessage {
  message: string;
  stack: string;
}

const headers = [
  "Future exception was never retrieved",
  "Task exception was never retrieved",
  "Task was destroyed but it is pending!",
];
const maxStackLines = 30;

/** Feeds lines; calls `found` once per occurrence, when its block has ended. */
export class AsyncioScanner {
  private block: string[] | undefined;
  /** Where the block is: after its header, after its `future:` line, inside a traceback. */
  private at: "header" | "subject" | "traceback" = "header";

  constructor(private readonly found: (m: AsyncioMessage) => void) {}

  /** One line of stderr (without its newline). */
  line(text: string): void {
    const header = headers.find((h) => text.includes(h));
    if (header) {
      this.flush();
      this.block = [header];
      this.at = "header";
      return;
    }
    if (!this.block) return;
    const take = () => void (this.block!.length < maxStackLines && this.block!.push(text));
    if (
      /^(future|task|source_traceback): /.test(text) || (this.at !== "header" && /^\s/.test(text) && text.trim() !== "")
    ) {
      this.at = this.at === "traceback" ? "traceback" : "subject";
      return take();
    }
    if (text.startsWith("Traceback (most recent call last)")) {
      this.at = "traceback";
      return take();
    }
    // The exception line: the end of a traceback, or (without frames) right after the `future:` line.
    if (this.at !== "header" && /^[A-Za-z_][\w.]*(: |$)/.test(text)) {
      take();
      this.exception = text.trim();
    }
    this.flush();
  }

  private exception: string | undefined;

  /** Ends the block in progress (at the end of the output). */
  flush(): void {
    const b = this.block;
    const exception = this.exception ?? b?.slice(1).find((l) => /^(future|task): /.test(l));
    this.block = undefined;
    this.exception = undefined;
    if (!b) return;
    this.found({ message: exception ? `${b[0]}: ${exception.trim()}` : b[0], stack: b.slice(1).join("\n") });
  }
}
