/**
 * Parses a faulthandler dump (all threads, most recent call first) into threads and frames,
 * the main thread first: its innermost frame is the call the program is blocked in.
 */

/** One frame: where a thread was. */
export interface Frame {
  file: string;
  line: number;
  function: string;
}

/** One thread of a hung program. */
export interface ThreadStack {
  thread: string;
  /** Innermost first: frames[0] is the call the thread is in. */
  frames: Frame[];
}

const threadHeader = /^(Current thread|Thread) (0x[0-9a-f]+)(?: \[([^\]]*)\])? \(most recent call first\):/;
const frameLine = /^\s+File "(.*)", line (\d+) in (.+)$/;

/** The threads of a dump; [] for text that holds none. */
export function parseFaulthandlerDump(text: string): ThreadStack[] {
  const threads: Array<ThreadStack & { current: boolean }> = [];
  for (const line of text.split("\n")) {
    const h = threadHeader.exec(line);
    if (h) {
      threads.push({ thread: h[3] ? `${h[2]} ${h[3]}` : h[2], frames: [], current: h[1] === "Current thread" });
      continue;
    }
    const f = frameLine.exec(line);
    if (f && threads.length) {
      threads[threads.length - 1].frames.push({ file: f[1], line: Number(f[2]), function: f[3].trim() });
    }
  }
  // The main thread is the one that runs the script (<module> at the bottom), whichever caught the signal.
  const isMain = (t: ThreadStack) => t.frames[t.frames.length - 1]?.function === "<module>";
  threads.sort((a, b) => Number(isMain(b)) - Number(isMain(a)));
  return threads.map(({ thread, frames }) => ({ thread, frames }));
}

/** "file:line in function", as a report shows a frame. */
export function frameText(f: Frame): string {
  return `${f.file}:${f.line} in ${f.function}`;
}
