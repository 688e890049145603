/**
 * Runs one of the lint scripts (`scripts/*.mjs`) under Node, as `npm run lint` does, on a tiny
 * tree written for the test into a fresh temporary folder, removed afterwards.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../../src/runtime/project-paths.ts";
import { runtimeExecutable } from "../../src/runtime/runtime-command.ts";

/** What the script printed and its exit status; the temporary folder's path is shown as `<dir>`. */
export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `scripts/<name>` with `args` then the tree's folder, `files` being path -> text. */
export function runLintScript(name: string, files: Record<string, string>, args: string[] = []): ScriptRun {
  const node = runtimeExecutable("node");
  assert.ok(node, "node must be on PATH to run the lint scripts");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${path.basename(name, ".mjs")}-`));
  try {
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    const r = spawnSync(node, [path.join(projectRoot, "scripts", name), ...args, dir], {
      encoding: "utf8",
      cwd: projectRoot,
      timeout: 30_000,
    });
    const strip = (t: string) => t.split(path.relative(projectRoot, dir).split(path.sep).join("/")).join("<dir>");
    return { status: r.status, stdout: strip(r.stdout), stderr: strip(r.stderr) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
