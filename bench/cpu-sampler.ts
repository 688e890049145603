/**
 * CPU time of a child process (all its threads), sampled from /proc/<pid>/stat, so that a
 * benchmark can say how much CPU each process spent per message within a measured window.
 * Linux only: elsewhere every figure is undefined ("not measurable"), never a made-up 0.
 */
import fs from "node:fs";

/** USER_HZ: the unit of utime and stime in /proc/<pid>/stat on Linux. */
const ticksPerSecond = 100;

function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces), from field 3 on: utime is 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** Samples one process's CPU time every `everyMs` until stop() or the process is gone. */
export class CpuSampler {
  private readonly samples: Array<{ at: number; cpu: number }> = [];
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly pid: number, everyMs = 10) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  /** Stops sampling. */
  stop(): void {
    clearInterval(this.timer);
  }

  /** CPU seconds spent between two performance.now() times, or undefined when not measurable. */
  between(from: number, to: number): number | undefined {
    const a = this.at(from);
    const b = this.at(to);
    return a === undefined || b === undefined ? undefined : b - a;
  }

  private sample(): void {
    const cpu = cpuSeconds(this.pid);
    if (cpu === undefined) return this.stop();
    this.samples.push({ at: performance.now(), cpu });
  }

  /** The last sample at or before `t` (CPU time only grows). */
  private at(t: number): number | undefined {
    let v: number | undefined;
    for (const s of this.samples) {
      if (s.at > t) break;
      v = s.cpu;
    }
    return v;
  }
}

/**
 * The best bus/direct ratio that CPU alone allows on `cores` idle cores, from the CPU time each
 * process spends per message on each path (any unit). All processes share the cores; a
 * `singleThreaded` process (a JavaScript event loop doing all its work, as with the zmtp engine)
 * also gets at most one core. With the native engine libzmq's I/O threads let a process use more
 * than one core, so there only the sharing counts.
 */
export function ratioBound(
  cores: number,
  direct: { pub: number; sub: number },
  viaBus: { pub: number; bus: number; sub: number },
  singleThreaded: boolean,
): number {
  const rate = (costs: number[]) =>
    Math.min(cores / costs.reduce((a, b) => a + b, 0), singleThreaded ? 1 / Math.max(...costs) : Infinity);
  return rate([viaBus.pub, viaBus.bus, viaBus.sub]) / rate([direct.pub, direct.sub]);
}
