#!/usr/bin/env node
// The registry this project installs from does not carry every platform build of the `deno`
// package (only @deno/linux-x64-glibc), so `npm install` leaves the others out of
// package-lock.json and `npm ci` then refuses the lock as out of sync. This records each absent
// platform package in the lock as an optional dependency for its own os/cpu: npm ci skips it on
// any other platform without fetching it. Run after `npm install` changes the lock.
import fs from "node:fs";

const platforms = {
  "darwin-arm64": { os: ["darwin"], cpu: ["arm64"] },
  "darwin-x64": { os: ["darwin"], cpu: ["x64"] },
  "linux-arm64-glibc": { os: ["linux"], cpu: ["arm64"], libc: ["glibc"] },
  "linux-x64-glibc": { os: ["linux"], cpu: ["x64"], libc: ["glibc"] },
  "win32-arm64": { os: ["win32"], cpu: ["arm64"] },
  "win32-x64": { os: ["win32"], cpu: ["x64"] },
};
const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const deno = lock.packages["node_modules/deno"];
let added = 0;
for (const name of Object.keys(deno?.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const p = platforms[name.replace("@deno/", "")];
  if (!p) continue;
  lock.packages[key] = { version: deno.optionalDependencies[name], dev: true, license: "MIT", optional: true, ...p };
  added++;
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`recorded ${added} absent platform package(s) in package-lock.json`);
