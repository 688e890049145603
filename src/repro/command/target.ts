/**
 * What kind of program a command runs, and the command line that runs it under zmqdiag's eyes:
 * a Node, Deno or Bun program gets the preload through its runtime's own flag; a Python program
 * gets zmqdiag's sitecustomize through PYTHONPATH (see run-environment.ts). A script whose
 * shebang names one of them is run through that interpreter, so that the flag can be given.
 */
import fs from "node:fs";
import path from "node:path";
import { modulePathFor } from "../../runtime/project-paths.ts";
import type { RejectionMode } from "../../preload/install.ts";

/** The language a command's program is in, as far as zmqdiag can tell. */
export type TargetKind = "node" | "deno" | "bun" | "python" | "other";

/** A command ready to run. */
export interface Target {
  kind: TargetKind;
  /** The command line as given. */
  command: string[];
  /** The command line to run: with the preload flag where one applies. */
  argv: string[];
  /** Why a JS program runs without the preload (e.g. `deno task`), or undefined. */
  noPreload?: string;
}

/** The kind named by an executable's file name (`node`, `/usr/bin/python3.11`, `bun`). */
export function kindOfExecutable(exe: string): TargetKind {
  // npm's bun package runs node_modules/bun/bin/bun.exe, on Linux too.
  const base = path.basename(exe).replace(/\.exe$/, "");
  if (base === "node" || base === "nodejs") return "node";
  if (base === "deno" || base === "bun") return base;
  if (/^python(\d+(\.\d+)*)?$/.test(base)) return "python";
  return "other";
}

/** The interpreter and its arguments from a script's `#!` line, or undefined. */
export function readShebang(file: string): string[] | undefined {
  let head: string;
  try {
    const fd = fs.openSync(file, "r");
    try {
      const buf = new Uint8Array(256);
      head = new TextDecoder().decode(buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  if (!head.startsWith("#!")) return undefined;
  const words = head.slice(2).split("\n")[0].trim().split(/\s+/).filter(Boolean);
  // `#!/usr/bin/env node`, `#!/usr/bin/env -S deno run -A`
  if (words[0] && path.basename(words[0]) === "env") return words.slice(1).filter((w) => w !== "-S");
  return words;
}

function preloadFor(kind: "node" | "deno" | "bun", mode: RejectionMode): string {
  return modulePathFor(kind, `src/preload/entry-${mode}.ts`);
}

const denoRunFlagsWithValue = new Set([
  "--config",
  "-c",
  "--import-map",
  "--lock",
  "--cert",
  "--location",
  "--seed",
  "--v8-flags",
  "--inspect",
  "--env-file",
  "--ext",
]);

/** Where a Deno command's `run` flags go, or why the preload cannot be given. */
function withDenoPreload(argv: string[], preload: string): { argv: string[]; noPreload?: string } {
  const [exe, first, ...rest] = argv;
  if (first === "run") return { argv: [exe, "run", "--preload", preload, ...rest] };
  // `deno app.ts` is `deno run app.ts`.
  if (first !== undefined && !denoRunFlagsWithValue.has(first) && /\.(m|c)?(t|j)sx?$/.test(first)) {
    return { argv: [exe, "run", "--preload", preload, first, ...rest] };
  }
  return { argv, noPreload: `the preload is given to \`deno run\` only, not to \`deno ${first ?? ""}\`` };
}

/** The command as zmqdiag runs it. */
export function targetFor(command: string[], mode: RejectionMode): Target {
  let argv = command;
  let kind = kindOfExecutable(command[0]);
  if (kind === "other") {
    const shebang = readShebang(command[0]);
    if (shebang && kindOfExecutable(shebang[0]) !== "other") {
      kind = kindOfExecutable(shebang[0]);
      argv = [...shebang, ...command];
    }
  }
  if (kind === "node") {
    return { kind, command, argv: [argv[0], "--import", preloadFor("node", mode), ...argv.slice(1)] };
  }
  if (kind === "bun") return { kind, command, argv: [argv[0], "--preload", preloadFor("bun", mode), ...argv.slice(1)] };
  if (kind === "deno") return { kind, command, ...withDenoPreload(argv, preloadFor("deno", mode)) };
  return { kind, command, argv };
}
