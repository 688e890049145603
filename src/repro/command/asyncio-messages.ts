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

const headers = ["Future exception was never retrieved", "Task exception was never retrieved", "Task was destroyed but it is pending!"];
const maxStackLines = 30;

/** Feeds lines; calls `found` once per occurrence, when its block has ended. */
export class AsyncioScanner {
  private block: string[] | undefined;

  constructor(private readonly found: (m: AsyncioMessage) => void) {}

  /** One line of stderr (without its newline). */
  line(text: string): void {
    const header = headers.find((h) => text.includes(h));
    if (header) {
      this.flush();
      this.block = [header];
      return;
    }
    if (!this.block) return;
    // A block is its `future:`/`task:` line, then an indented traceback ending in the exception line.
    const inTraceback = this.block.some((l) => l.startsWith("Traceback"));
    const continues = /^(future|task|source_traceback): /.test(text) || text.startsWith("Traceback") || /^\s/.test(text) || (inTraceback && !this.exceptionSeen());
    if (continues && text.trim() !== "" && this.block.length < maxStackLines) this.block.push(text);
    else if (!continues || text.trim() === "") this.flush();
  }

  private exceptionSeen(): boolean {
    const last = this.block![this.block!.length - 1];
    return this.block!.some((l) => l.startsWith("Traceback")) && !/^\s/.test(last) && !last.startsWith("Traceback");
  }

  /** Ends the block in progress (at the end of the output). */
  flush(): void {
    const b = this.block;
    this.block = undefined;
    if (!b) return;
    const rest = b.slice(1);
    const exception = [...rest].reverse().find((l) => !/^\s/.test(l) && !l.startsWith("Traceback")) ?? "";
    this.found({ message: exception ? `${b[0]}: ${exception.trim()}` : b[0], stack: rest.join("\n") });
  }
}
