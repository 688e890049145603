/** Captures a site from a frame of its own: a stand-in for zeromq.js's code between a program and the capture. */
import { type CallSite, captureSite } from "../../../../src/preload/zeromq/call-site.ts";

/** A site captured `depth` frames deep from inside this file. */
export function captureThrough(depth: number): CallSite {
  return captureSite(depth);
}
