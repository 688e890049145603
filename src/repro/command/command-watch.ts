/**
 * The deadlines of one command run, as its supervisor reports the run: the start, then the run
 * (or the stop signal and then the exit). On a missed one it gathers what the program was doing
 * before it asks for the kill. run-command.ts owns the processes; this owns the timer.
 */
import type { CommandHang, CommandPhase } from "./command-result.ts";
import type { CommandReport } from "./command-report.ts";
import { gatherHangEvidence } from "./hang-evidence.ts";
import type { CommandRunSpec } from "./command-run-spec.ts";
import type { SupervisorRequest } from "./supervisor-protocol.ts";

/** What the watch needs of the run: its process group, where stacks go, its report, how to ask the supervisor. */
export interface WatchedRun {
  group: () => number;
  stacksDir: string;
  report: CommandReport;
  request: (r: SupervisorRequest) => void;
}

/** One run's phase deadlines, and what they found. */
export class CommandWatch {
  phase: CommandPhase = "run";
  /** The stop signal was sent (--stop-after). */
  stopped = false;
  hang: CommandHang | undefined;
  /** The signals that ask for stacks can end a wait (ctx.term() returns on EINTR): the result waits for the evidence. */
  gathering: Promise<void> | undefined;
  private phaseStarted: number;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `started`: performance.now() when the run began. */
  constructor(private readonly spec: CommandRunSpec, private readonly run: WatchedRun, started: number) {
    this.phaseStarted = started;
  }

  /** The supervisor and the command have `startMs` to start, else they are killed with a note. */
  awaitStart(startMs: number): void {
    this.arm(startMs, () => {
      this.run.report.note(`the command did not start within ${startMs} ms`);
      this.run.request("kill");
    });
  }

  /** The command started: its run deadline, or (--stop-after) its stop signal and then its exit deadline. */
  started(): void {
    const { spec } = this;
    this.phaseStarted = performance.now();
    if (spec.stopAfterMs === undefined) return this.arm(spec.runMs, () => this.onHang(spec.runMs));
    this.arm(spec.stopAfterMs, () => {
      this.stopped = true;
      this.phase = "exit";
      this.phaseStarted = performance.now();
      this.run.request(`signal ${spec.stopSignal}`);
      this.arm(spec.exitMs, () => this.onHang(spec.exitMs));
    });
  }

  /** The run is over: no deadline is left. */
  end(): void {
    clearTimeout(this.timer);
  }

  private arm(ms: number, then: () => void): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(then, ms);
  }

  private onHang(deadlineMs: number): void {
    const { run } = this;
    const h: CommandHang = { phase: this.phase, deadlineMs, elapsedMs: 0, stacks: [], pending: [], processes: [] };
    this.hang = h;
    const asked = {
      group: run.group(),
      jsPid: run.report.jsPid,
      stacksDir: run.stacksDir,
      state: () => run.report.state,
    };
    this.gathering = gatherHangEvidence(asked).then((evidence) => {
      Object.assign(h, evidence, {
        pending: pendingOf(evidence.state),
        elapsedMs: Math.round(performance.now() - this.phaseStarted),
      });
      run.request("kill");
    });
  }
}

/** Every `pending` list in a JS program's state (the zeromq.js instrumentation provides one). */
function pendingOf(state: Record<string, unknown> | undefined): unknown[] {
  if (!state) return [];
  return Object.values(state).flatMap((
    v,
  ) => (v && typeof v === "object" && Array.isArray((v as { pending?: unknown }).pending)
    ? (v as { pending: unknown[] }).pending
    : [])
  );
}
