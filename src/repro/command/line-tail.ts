/**
 * A program's output stream, split into lines as it arrives: each line goes to `onLine`, and the
 * last lines and bytes are kept, so that a program that writes gigabytes costs a bounded memory.
 */
import { withoutColors } from "../../cli/without-colors.ts";

/** Keeps the tail of one stream. */
export class LineTail {
  private partial = "";
  private readonly lines: string[] = [];
  private text = "";

  constructor(
    private readonly onLine: (line: string) => boolean,
    private readonly maxLines = 20,
    private readonly maxBytes = 64 * 1024,
  ) {}

  /** A chunk of output. */
  push(chunk: string): void {
    const parts = (this.partial + chunk).split("\n");
    this.partial = parts.pop()!;
    // A line longer than the byte budget is cut, not held whole.
    if (this.partial.length > this.maxBytes) this.partial = this.partial.slice(-this.maxBytes);
    for (const line of parts) this.take(line);
  }

  /** The end of the stream: its last, unterminated line. */
  end(): void {
    if (this.partial) this.take(this.partial);
    this.partial = "";
  }

  private take(line: string): void {
    // onLine returns true for a line of zmqdiag's own (a channel line), which is not the program's output.
    if (this.onLine(line)) return;
    this.text = (this.text + line + "\n").slice(-this.maxBytes);
    if (line.trim() === "") return;
    // Deno colors its error lines whatever the stream is; a report keeps plain text.
    line = withoutColors(line);
    this.lines.push(line.length > 500 ? `${line.slice(0, 497)}...` : line);
    if (this.lines.length > this.maxLines) this.lines.shift();
  }

  /** The last non-empty lines. */
  tailLines(): string[] {
    return [...this.lines];
  }

  /** The last bytes of text, for the crash and error detectors. */
  tailText(): string {
    return this.text;
  }
}
