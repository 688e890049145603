/**
 * Where the program called into zeromq.js. A stack is captured at the call (V8 and JSC keep it
 * unformatted until read, so the call pays for the capture only), and it is read and resolved to
 * the program's own frame only when a report needs it. Frames inside zeromq.js (any copy) and
 * inside this preload are skipped, so a site is always the program's line.
 */
import path from "node:path";

/** A captured stack, resolved lazily. */
export interface CallSite {
  holder: { stack?: string };
  resolved?: ResolvedSite | null;
}

/** The program's frame of a call site. */
export interface ResolvedSite {
  file: string;
  line: number;
  column: number;
  /** `file:line:column`, the file relative to the working directory when inside it. */
  text: string;
  /** The call came through zeromq.js's async iterator (`for await`). */
  viaIterator: boolean;
}

const skippedDirs: string[] = [];

/** Frames under `dir` (a zeromq.js package, this preload) are never the program's. */
export function skipFramesUnder(dir: string): void {
  const d = dir.endsWith(path.sep) ? dir : dir + path.sep;
  if (!skippedDirs.includes(d)) skippedDirs.push(d);
}

/** Captures the current stack, `depth` frames deep; cheap until resolved. */
export function captureSite(depth: number): CallSite {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = depth;
    Error.captureStackTrace(holder, captureSite);
  } catch {
    // no captureStackTrace, or a limit the program made read-only: the site stays unknown
  }
  try {
    Error.stackTraceLimit = limit;
  } catch {
    // read-only: it was never changed
  }
  return { holder };
}

const frameRe = /^\s*at (?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

function toPath(file: string): string {
  if (file.startsWith("file://")) {
    try {
      return decodeURIComponent(new URL(file).pathname);
    } catch {
      return file;
    }
  }
  return file;
}

/** The program's frame of `site`, or null when no frame of the program was captured. */
export function resolveSite(site: CallSite | undefined): ResolvedSite | null {
  if (!site) return null;
  if (site.resolved !== undefined) return site.resolved;
  let stack = "";
  try {
    stack = String(site.holder.stack ?? "");
  } catch {
    // a hostile prepareStackTrace
  }
  let viaIterator = false;
  site.resolved = null;
  for (const lineText of stack.split("\n")) {
    const m = frameRe.exec(lineText);
    if (!m) continue;
    const file = toPath(m[2]);
    if (file.startsWith("node:") || !file.includes("/") && !file.includes("\\")) continue;
    if (skippedDirs.some((d) => file.startsWith(d))) {
      if (/\bnext$/.test(m[1] ?? "")) viaIterator = true;
      continue;
    }
    const rel = path.relative(process.cwd(), file);
    const shown = rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
    const line = Number(m[3]);
    const column = Number(m[4]);
    site.resolved = { file, line, column, text: `${shown}:${line}:${column}`, viaIterator };
    break;
  }
  return site.resolved;
}

/** `file:line:column` of a site, or "an unknown place". */
export function siteText(site: CallSite | undefined): string {
  return resolveSite(site)?.text ?? "an unknown place";
}
