/**
 * What a hung run was doing, gathered before it is killed: a JS program's state (asked for with
 * SIGUSR2 through the preload), every Python thread's stack (faulthandler, on SIGUSR2, into a
 * file of each process under the stacks folder), and the group's processes and threads from /proc.
 */
import fs from "node:fs";
import path from "node:path";
import { stateSignal } from "../../preload/install.ts";
import { type ProcessState, processTree } from "./process-tree.ts";
import { parseFaulthandlerDump, type ThreadStack } from "./python-stacks.ts";

/** How long a program has to answer, at most. */
const answerMs = 1000;
const pollMs = 25;

/** What was gathered. */
export interface HangEvidence {
  stacks: ThreadStack[];
  state?: Record<string, unknown>;
  processes: ProcessState[];
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function size(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Waits for each dump file to be written (not empty, then no longer growing). */
async function pythonStacks(stacksDir: string): Promise<ThreadStack[]> {
  let files: string[] = [];
  try {
    files = fs.readdirSync(stacksDir).filter((f) => /^\d+$/.test(f)).map((f) => path.join(stacksDir, f));
  } catch {
    return [];
  }
  const asked = files.filter((f) => signal(Number(path.basename(f)), stateSignal));
  let last = -1;
  for (let waited = 0; waited < answerMs; waited += pollMs) {
    await sleep(pollMs);
    const total = asked.reduce((n, f) => n + size(f), 0);
    if (asked.every((f) => size(f) > 0) && total === last) break;
    last = total;
  }
  return asked.flatMap((f) => {
    try {
      return parseFaulthandlerDump(fs.readFileSync(f, "utf8"));
    } catch {
      return [];
    }
  });
}

/** Asks and waits; `jsPid` is the JS program that said hello, `state()` the latest state it sent. */
export async function gatherHangEvidence(
  o: { group: number; jsPid?: number; stacksDir: string; state: () => Record<string, unknown> | undefined },
): Promise<HangEvidence> {
  // The group's leader is the supervisor, zmqdiag's own process: not the program's.
  const processes = processTree(o.group).filter((p) => p.pid !== o.group);
  const before = o.state();
  const askedJs = o.jsPid !== undefined && signal(o.jsPid, stateSignal);
  const stacks = await pythonStacks(o.stacksDir);
  if (askedJs) {
    for (let waited = 0; waited < answerMs && o.state() === before; waited += pollMs) {
      await sleep(pollMs);
    }
  }
  return { stacks, state: o.state(), processes };
}
