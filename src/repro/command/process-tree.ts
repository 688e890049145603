/**
 * What /proc says about the processes of a run (Linux): each process of its group with its
 * threads, their state and the kernel function they wait in. Elsewhere, an empty list.
 */
import fs from "node:fs";

/** One thread as /proc shows it. */
export interface ThreadState {
  tid: number;
  name: string;
  /** R running, S sleeping, D disk wait, T stopped, Z zombie... with its word. */
  state: string;
  /** The kernel function a sleeping thread waits in (e.g. "do_epoll_wait"), when the OS tells. */
  wchan?: string;
}

/** One process of a run's group. */
export interface ProcessState {
  pid: number;
  ppid: number;
  name: string;
  command: string;
  threads: ThreadState[];
}

const stateWords: Record<string, string> = {
  R: "running",
  S: "sleeping",
  D: "disk wait",
  T: "stopped",
  t: "traced",
  Z: "zombie",
  X: "dead",
  I: "idle",
};

function read(p: string): string | undefined {
  try {
    return fs.readFileSync(p, "utf8");
  } catch {
    return undefined;
  }
}

/** Fields of /proc/<pid>/stat after the name (which may hold spaces and parentheses). */
function statFields(dir: string): { name: string; fields: string[] } | undefined {
  const stat = read(`${dir}/stat`);
  if (!stat) return undefined;
  const open = stat.indexOf("(");
  const close = stat.lastIndexOf(")");
  return { name: stat.slice(open + 1, close), fields: stat.slice(close + 2).trim().split(" ") };
}

function thread(dir: string, tid: number): ThreadState | undefined {
  const s = statFields(dir);
  if (!s) return undefined;
  const code = s.fields[0];
  const wchan = read(`${dir}/wchan`)?.trim();
  return {
    tid,
    name: s.name,
    state: `${code} (${stateWords[code] ?? "unknown"})`,
    ...(wchan && wchan !== "0" ? { wchan } : {}),
  };
}

function numericEntries(dir: string): number[] {
  try {
    return fs.readdirSync(dir).filter((n) => /^\d+$/.test(n)).map(Number);
  } catch {
    return [];
  }
}

/** The processes whose process group is `pgid`, with pid, parent and name only. */
export function groupMembers(pgid: number): Array<{ pid: number; ppid: number; name: string }> {
  const out: Array<{ pid: number; ppid: number; name: string }> = [];
  for (const pid of numericEntries("/proc")) {
    const s = statFields(`/proc/${pid}`);
    // fields: state, ppid, pgrp, ...; a zombie is already dead and cannot be killed again.
    if (s && Number(s.fields[2]) === pgid && s.fields[0] !== "Z") {
      out.push({ pid, ppid: Number(s.fields[1]), name: s.name });
    }
  }
  return out;
}

/** Each process of the group with its threads, parents before children. */
export function processTree(pgid: number): ProcessState[] {
  return groupMembers(pgid).sort((a, b) => a.pid - b.pid).map(({ pid, ppid, name }) => {
    const command = (read(`/proc/${pid}/cmdline`) ?? "").split("\0").filter(Boolean).join(" ").slice(0, 300);
    const threads = numericEntries(`/proc/${pid}/task`).map((tid) => thread(`/proc/${pid}/task/${tid}`, tid)).filter((
      t,
    ): t is ThreadState => t !== undefined);
    return { pid, ppid, name, command, threads };
  });
}
