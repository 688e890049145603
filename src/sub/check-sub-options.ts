/** Checks `sub`'s options beyond what the option parsers see; a problem is a UsageError (exit 2). */
import { checkOutputFile } from "../cli/report-file.ts";
import { UsageError } from "../cli/usage-error.ts";
import { resolveEngineName, streamingEngine } from "../engine/load.ts";
import { checkEndpoint } from "../stream/attach-socket.ts";
import { parseSeqSpec } from "../stream/seq-extractor.ts";
import type { SubOptions } from "./sub-options.ts";

/** Returns the options when they make sense together, else throws a one-line UsageError. */
export function checkSubOptions(o: SubOptions): SubOptions {
  checkEndpoint(o.endpoint, o.bind);
  resolveEngineName(streamingEngine(o.engine));
  if (o.report) checkOutputFile(o.report);
  parseSeqSpec(o.seq);
  if (o.type === "pull" && o.topics.some((t) => t !== "")) {
    throw new UsageError("--topic needs --type sub or xsub: a PULL socket has no subscriptions");
  }
  return o;
}
