/**
 * The supervisor of one `repro -- <command>` run, a process of zmqdiag's own. zmqdiag starts it
 * in a new session, so it leads a process group that the command and everything the command
 * starts belong to. It ends that whole group when the command has ended, when zmqdiag asks, and
 * when its stdin (a pipe from zmqdiag) closes: zmqdiag ended, even by SIGKILL. So nothing a run
 * started outlives zmqdiag. Usage: supervisor '<the command as a JSON array>' (one argument: Bun
 * drops a `--` from a script's arguments).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import { markedLine } from "../../preload/marked-line.ts";
import { groupMembers } from "./process-tree.ts";
import { supervisorMarker, type SupervisorMessage } from "./supervisor-protocol.ts";

const group = process.pid;

function send(m: SupervisorMessage): void {
  try {
    fs.writeSync(1, markedLine(supervisorMarker, m));
  } catch {
    // zmqdiag is gone: the group ends below anyway
  }
}

let commandPid: number | undefined;

function killGroup(): never {
  // The command itself first, in case this process does not lead a group (started by hand).
  for (const pid of [commandPid, -group]) {
    try {
      if (pid !== undefined) process.kill(pid, "SIGKILL");
    } catch {
      // nothing left
    }
  }
  process.exit(0);
}

// The stop signal goes to the whole group, as a terminal's Ctrl-C does; the supervisor stays.
for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(s, () => {});

const command = JSON.parse(process.argv[process.argv.length - 1]) as string[];
const child = spawn(command[0], command.slice(1), { stdio: ["ignore", "inherit", "inherit"] });
child.on("spawn", () => {
  commandPid = child.pid;
  send({ t: "started", pid: child.pid! });
});
child.on("error", (e: NodeJS.ErrnoException) => {
  send({ t: "spawn-error", code: e.code ?? "EUNKNOWN", message: e.message });
  killGroup();
});
child.on("exit", (code, signal) => {
  send({ t: "exit", code, signal });
  const left = groupMembers(group).filter((p) => p.pid !== group);
  if (left.length) send({ t: "leftovers", processes: left.map((p) => ({ pid: p.pid, name: p.name })) });
  killGroup();
});

let requests = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d: string) => {
  requests += d;
  const lines = requests.split("\n");
  requests = lines.pop()!;
  for (const line of lines) {
    if (line === "kill") killGroup();
    const m = /^signal (SIGINT|SIGTERM)$/.exec(line);
    if (m) {
      try {
        process.kill(-group, m[1] as "SIGINT" | "SIGTERM");
      } catch {
        // the group is already gone
      }
    }
  }
});
process.stdin.on("end", killGroup);
process.stdin.on("error", killGroup);
