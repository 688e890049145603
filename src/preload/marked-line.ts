/**
 * Messages to zmqdiag on a stream a program also writes to: one JSON line behind a marker, so
 * that the reader tells them from the program's own output. Used by the preload's channel, the
 * supervisor of a command run and the scenario children.
 */

/** One message as a marked line; the leading newline keeps a partial line of the program's from swallowing the marker. */
export function markedLine(marker: string, message: unknown): string {
  return `\n${marker}${JSON.stringify(message)}\n`;
}

/** The message a marked line carries, or undefined for a line of the program's own output. */
export function parseMarkedLine<T>(line: string, marker: string): T | undefined {
  const at = line.indexOf(marker);
  if (at < 0) return undefined;
  try {
    return JSON.parse(line.slice(at + marker.length)) as T;
  } catch {
    return undefined;
  }
}
