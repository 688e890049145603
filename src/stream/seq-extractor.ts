/**
 * `--seq`: where a message's sequence number comes from. An extractor reads the payload (the
 * last frame) into its own fields and says whether it could; it allocates nothing per message
 * for the binary formats, which the hot path of `sub` depends on.
 */
import { UserError } from "../user-error.ts";
import { readHeaderAt, readU32BE as u32 } from "./message-header.ts";

/** A malformed --seq: the message is one line for the user (exit 2). */
export class SeqSpecError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "SeqSpecError";
  }
}

/** What kind of source a --seq names. */
export type SeqKind = "header" | "json" | "text" | "u64be" | "u32be" | "none";

/** Reads sequence numbers (and, for `header`, stream and send time) out of payloads. */
export interface SeqExtractor {
  readonly kind: SeqKind;
  /** The --seq text it was made from. */
  readonly spec: string;
  /** True when payloads carry a send time (latency can be measured). */
  readonly hasTime: boolean;
  /** Filled by a successful read(). Streams other than `header`'s are all 0. */
  stream: number;
  seq: number;
  sentUs: number;
  /** Reads one payload; false when it does not parse (the message counts as unparsed). */
  read(payload: Uint8Array): boolean;
  /** read() of the payload `buf[at, at + len)`, in place where the format allows. */
  readAt(buf: Uint8Array, at: number, len: number): boolean;
}

const decoder = new TextDecoder();

/** A sequence number as found in JSON or text: a whole number >= 0 within 2^53. */
function toSeq(v: unknown): number {
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 0 ? v : -1;
  if (typeof v === "string" && /^\d{1,16}$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : -1;
  }
  return -1;
}

function base(
  kind: SeqKind,
  spec: string,
  read: (this: SeqExtractor, p: Uint8Array) => boolean,
  hasTime = false,
  readAt: (this: SeqExtractor, b: Uint8Array, at: number, len: number) => boolean = function (b, at, len) {
    return this.read(b.subarray(at, at + len));
  },
): SeqExtractor {
  return { kind, spec, hasTime, stream: 0, seq: 0, sentUs: 0, read, readAt };
}

function offsetOf(kind: string, arg: string, spec: string): number {
  if (!/^\d+$/.test(arg)) {
    throw new SeqSpecError(`invalid --seq "${spec}": ${kind} needs a byte offset, e.g. ${kind}:0`);
  }
  return Number(arg);
}

function noArg(kind: SeqKind, arg: string | undefined, spec: string): void {
  if (arg !== undefined) throw new SeqSpecError(`invalid --seq "${spec}": ${kind} takes no argument`);
}

function needArg(kind: SeqKind, arg: string | undefined, spec: string, example: string): string {
  if (!arg) throw new SeqSpecError(`invalid --seq "${spec}": ${kind} needs an argument, e.g. ${example}`);
  return arg;
}

function headerExtractor(spec: string): SeqExtractor {
  return base(
    "header",
    spec,
    function (p) {
      return readHeaderAt(p, 0, p.length, this);
    },
    true,
    function (b, at, len) {
      return readHeaderAt(b, at, len, this);
    },
  );
}

function u64beExtractor(spec: string, off: number): SeqExtractor {
  return base("u64be", spec, function (p) {
    if (p.length < off + 8) return false;
    const hi = u32(p, off);
    if (hi >= 0x200000) return false;
    this.seq = hi * 2 ** 32 + u32(p, off + 4);
    return true;
  });
}

function u32beExtractor(spec: string, off: number): SeqExtractor {
  return base("u32be", spec, function (p) {
    if (p.length < off + 4) return false;
    this.seq = u32(p, off);
    return true;
  });
}

function jsonExtractor(spec: string, path: string[]): SeqExtractor {
  if (path.some((k) => k === "")) throw new SeqSpecError(`invalid --seq "${spec}": empty name in the field path`);
  return base("json", spec, function (p) {
    let v: unknown;
    try {
      v = JSON.parse(decoder.decode(p));
    } catch {
      return false;
    }
    for (const k of path) {
      if (typeof v !== "object" || v === null) return false;
      v = (v as Record<string, unknown>)[k];
    }
    const n = toSeq(v);
    if (n < 0) return false;
    this.seq = n;
    return true;
  });
}

function textExtractor(spec: string, source: string): SeqExtractor {
  let re: RegExp;
  try {
    re = new RegExp(source);
  } catch (e) {
    throw new SeqSpecError(`invalid --seq "${spec}": bad regular expression (${(e as Error).message})`);
  }
  if (new RegExp(`${source}|`).exec("")!.length < 2) {
    throw new SeqSpecError(`invalid --seq "${spec}": the regular expression needs a capture group around the number`);
  }
  return base("text", spec, function (p) {
    const m = re.exec(decoder.decode(p));
    const n = m ? toSeq(m[1]) : -1;
    if (n < 0) return false;
    this.seq = n;
    return true;
  });
}

/** Each kind's extractor from the text after its colon (undefined without one), checked. */
const makers: Record<SeqKind, (arg: string | undefined, spec: string) => SeqExtractor> = {
  header: (arg, spec) => (noArg("header", arg, spec), headerExtractor(spec)),
  none: (arg, spec) => (noArg("none", arg, spec), base("none", spec, () => true)),
  u64be: (arg, spec) => u64beExtractor(spec, offsetOf("u64be", needArg("u64be", arg, spec, "u64be:0"), spec)),
  u32be: (arg, spec) => u32beExtractor(spec, offsetOf("u32be", needArg("u32be", arg, spec, "u32be:0"), spec)),
  json: (arg, spec) => jsonExtractor(spec, needArg("json", arg, spec, "json:seq or json:meta.seq").split(".")),
  text: (arg, spec) => textExtractor(spec, needArg("text", arg, spec, "text:seq=(\\d+)")),
};

/** Builds the extractor a --seq text names. */
export function parseSeqSpec(spec: string): SeqExtractor {
  const colon = spec.indexOf(":");
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const arg = colon < 0 ? undefined : spec.slice(colon + 1);
  if (!Object.hasOwn(makers, kind)) {
    throw new SeqSpecError(
      `invalid --seq "${spec}": expected header, json:<path>, text:<regex>, u64be:<offset>, u32be:<offset> or none`,
    );
  }
  return makers[kind as SeqKind](arg, spec);
}
