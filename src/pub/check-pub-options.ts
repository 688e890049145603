/** Checks `pub`'s options beyond what the option parsers see; a problem is a UsageError (exit 2). */
import { checkOutputFile } from "../cli/report-file.ts";
import { UsageError } from "../cli/usage-error.ts";
import { resolveEngineName, streamingEngine } from "../engine/load.ts";
import { checkEndpoint } from "../stream/attach-socket.ts";
import { headerSize } from "../stream/message-header.ts";
import { parseSkipList, type SeqRange, SkipListError } from "../stream/skip-list.ts";
import { defaultWarmupMs, type PubInput, type PubOptions } from "./pub-options.ts";

/** The largest --size: a fresh buffer is allocated per message, so it must stay reasonable. */
export const maxPayloadSize = 256 * 1024 * 1024;

/** The options with their defaults and the parsed --skip ranges, or a UsageError. */
export function checkPubOptions(input: PubInput): { options: PubOptions; skips: SeqRange[] } {
  const o: PubOptions = {
    ...input,
    // A random stream id, so that two runs (or two publishers) are told apart.
    stream: input.stream ?? crypto.getRandomValues(new Uint32Array(1))[0],
    warmupMs: input.warmupMs ?? defaultWarmupMs(input.type),
  };
  checkEndpoint(o.endpoint, o.bind);
  resolveEngineName(streamingEngine(o.engine));
  if (o.report) checkOutputFile(o.report);
  if (o.size < headerSize) {
    throw new UsageError(`--size ${o.size} is smaller than the ${headerSize}-byte message header`);
  }
  if (o.size > maxPayloadSize) {
    throw new UsageError(
      `--size ${o.size} is larger than ${maxPayloadSize} bytes (256 MiB), the largest payload pub sends`,
    );
  }
  if (o.stream > 0xffffffff) throw new UsageError(`--stream ${o.stream} is out of range 0-4294967295`);
  if (o.skip === undefined) return { options: o, skips: [] };
  try {
    return { options: o, skips: parseSkipList(o.skip) };
  } catch (e) {
    if (e instanceof SkipListError) throw new UsageError(e.message);
    throw e;
  }
}
