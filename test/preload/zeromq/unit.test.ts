import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { captureSite, resolveSite, siteText, skipFramesUnder } from "../../../src/preload/zeromq/call-site.ts";
import { age, ageMarksToAges } from "../../../src/preload/zeromq/describe.ts";
import { lostMessagesOf } from "../../../src/preload/zeromq/findings.ts";
import { addSocket, closeSocket, counts, limits, openSockets } from "../../../src/preload/zeromq/registry.ts";
import { missingParts } from "../../../src/preload/zeromq/shape.ts";
import { projectRoot } from "../../../src/runtime/project-paths.ts";
import fs from "node:fs";
import { captureThrough } from "./skipped/call-through.ts";

const here = path.relative(process.cwd(), fileURLToPath(import.meta.url));
const source = fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");

/** `line:column` of the call `callee(` on the line marked `// <mark>` in this file. */
function marked(mark: string, callee: string): string {
  const i = source.findIndex((l) => l.includes(`// ${mark}`));
  return `${i + 1}:${source[i].indexOf(`${callee}(`) + 1}`;
}

describe("preload zeromq - call sites", () => {
  it("preload zeromq - a site resolves to the caller's file, line and column", () => {
    const site = captureSite(4); // site-a
    const r = resolveSite(site);
    assert.equal(r?.file, fileURLToPath(import.meta.url));
    assert.equal(`${r?.line}:${r?.column}`, marked("site-a", "captureSite"));
    assert.equal(siteText(site), `${here}:${marked("site-a", "captureSite")}`);
  });

  it("preload zeromq - frames under a skipped folder are passed over to the program's frame", () => {
    skipFramesUnder(path.join(path.dirname(fileURLToPath(import.meta.url)), "skipped"));
    const site = captureThrough(6); // site-b
    assert.equal(siteText(site), `${here}:${marked("site-b", "captureThrough")}`);
  });

  it("preload zeromq - no program frame within the depth: an unknown place, never a wrong one", () => {
    skipFramesUnder(path.join(path.dirname(fileURLToPath(import.meta.url)), "skipped"));
    const skippedFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "skipped", "call-through.ts");
    const site = {
      holder: {
        stack:
          `Error\n    at captureThrough (${skippedFile}:6:10)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`,
      },
    };
    assert.equal(resolveSite(site), null);
    assert.equal(siteText(site), "an unknown place");
  });
});

describe("preload zeromq - bounds and counts", () => {
  it("preload zeromq - past the socket limit, sockets are counted, not kept", () => {
    const before = { ...counts };
    const made = [];
    for (let i = 0; i < limits.sockets + 5; i++) made.push(addSocket("Pull", captureSite(1)));
    assert.equal(openSockets.size, limits.sockets);
    assert.equal(made.filter((r) => r === undefined).length, 5);
    assert.equal(counts.socketsUntracked - before.socketsUntracked, 5);
    for (const rec of made) if (rec) closeSocket(rec);
    assert.equal(openSockets.size, 0);
    assert.equal(counts.socketsClosed - before.socketsClosed, limits.sockets);
  });

  it("preload zeromq - lost messages add up over findings; none said is null, never 0", () => {
    assert.equal(lostMessagesOf([]), null);
    assert.equal(lostMessagesOf([{ detail: { lostMessages: 0 } }, { detail: {} }, {}]), null);
    assert.equal(
      lostMessagesOf([{ detail: { lostMessages: 1 } }, { detail: { lostMessages: 2 } }, {
        detail: { socket: "Pull" },
      }]),
      3,
    );
  });

  it("preload zeromq - a worker's age marks become ages when read", () => {
    const start = Math.round(performance.timeOrigin + performance.now() - 2500);
    const text = ageMarksToAges(
      `{"pendingMs":"{{age:${start}}}","line":"receive pending {{age:${start}}} (a.mjs:1:1)"}`,
    );
    const parsed = JSON.parse(text) as { pendingMs: number; line: string };
    assert.ok(parsed.pendingMs >= 2500 && parsed.pendingMs < 60_000, String(parsed.pendingMs));
    assert.match(parsed.line, /^receive pending \d+\.\d s \(a\.mjs:1:1\)$/);
    assert.equal(age(350.4), "350 ms");
    assert.equal(age(2049), "2.0 s");
  });
});

describe("preload zeromq - zeromq.js shapes", () => {
  it("preload zeromq - the installed zeromq.js 6 addon has the known shape", () => {
    const require = createRequire(path.join(projectRoot, "package.json"));
    const { loadAddon } = require("cmake-ts/build/loader") as { loadAddon: (dir: string) => Record<string, unknown> };
    const addon = loadAddon(path.join(projectRoot, "node_modules", "zeromq", "build"));
    assert.deepEqual(missingParts(addon), []);
  });

  it("preload zeromq - another shape is named part by part", () => {
    function Socket() {}
    Socket.prototype.send = () => {};
    const noop = () => {};
    assert.deepEqual(missingParts({ Socket, Context: noop, Proxy: noop, Observer: noop }), [
      "Socket.prototype.receive",
      "Socket.prototype.bind",
      "Socket.prototype.unbind",
      "Socket.prototype.connect",
      "Socket.prototype.close",
      "Socket.prototype.readable",
      "Socket.prototype.writable",
      "Socket.prototype.events",
    ]);
    assert.deepEqual(missingParts({ socket: noop, version: "5.3.1" }), ["Socket", "Context", "Proxy", "Observer"]);
  });
});
