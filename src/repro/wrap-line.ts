/**
 * Wraps one line of plain text at spaces to `width` columns; the lines after the first start
 * with `indent`. A word longer than a line is cut (a path, a long pending-operation name).
 */
export function wrapLine(text: string, width: number, indent: string): string[] {
  const out: string[] = [];
  let line = "";
  let prefix = "";
  const room = () => width - prefix.length;
  for (const word of text.split(/(?<= )/)) {
    if (line === "" && out.length === 0 && /^ +$/.test(word)) {
      line = word;
      continue;
    }
    if ((line + word).trimEnd().length <= room() || line.trim() === "") {
      line += word;
      while (line.trimEnd().length > room()) {
        out.push(prefix + line.slice(0, room()));
        line = line.slice(room());
        prefix = indent;
      }
      continue;
    }
    out.push(prefix + line.trimEnd());
    prefix = indent;
    line = word;
  }
  if (line.trim() !== "" || out.length === 0) out.push(prefix + line.trimEnd());
  return out;
}
