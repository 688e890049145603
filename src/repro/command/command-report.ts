/**
 * What a command run reports while it goes (the preload's events from inside a JS program,
 * asyncio's messages, the supervisor's notes), bounded. run-command.ts feeds it; the outcome is
 * decided from it in command-outcome.ts.
 */
import { type PreloadEvent, rejectionsKept } from "../../preload/channel.ts";
import type { InstrumentFinding, RejectionDetail } from "./command-result.ts";

const maxNotes = 20;

/** The observations of one command run. */
export class CommandReport {
  /** The pid of the JS program the preload runs in, once it said hello. */
  jsPid: number | undefined;
  /** The latest state the preload sent (what its providers report). */
  state: Record<string, unknown> | undefined;
  /** Every rejection counted; only the first few kept. */
  rejectionCount = 0;
  readonly rejections: RejectionDetail[] = [];
  readonly findings: InstrumentFinding[] = [];
  readonly notes: string[] = [];

  /** A note for the result (the first few only). */
  note(text: string): void {
    if (this.notes.length < maxNotes) this.notes.push(text);
  }

  /** Processes the program left running, which the supervisor killed. */
  leftovers(processes: ReadonlyArray<{ name: string; pid: number }>): void {
    const n = processes.length;
    const which = processes.map((p) => `${p.name} ${p.pid}`).join(", ");
    this.note(`the program left ${n} process${n === 1 ? "" : "es"} running (${which}); zmqdiag killed them`);
  }

  /** An unhandled rejection: counted, and kept while there is room. */
  rejection(r: RejectionDetail): void {
    this.rejectionCount++;
    if (this.rejections.length < rejectionsKept) this.rejections.push(r);
  }

  /** One event of the preload. */
  preload(e: PreloadEvent): void {
    if (e.t === "hello") this.jsPid = e.pid;
    else if (e.t === "rejection") {
      this.rejection({
        message: e.message,
        ...(e.stack ? { stack: e.stack } : {}),
        ...(e.context ? { context: e.context } : {}),
      });
    } else if (e.t === "finding") {
      this.findings.push({ kind: e.kind, message: e.message, ...(e.detail !== undefined ? { detail: e.detail } : {}) });
    } else if (e.t === "note") this.note(e.text);
    else if (e.t === "state") this.state = e.state;
  }
}
