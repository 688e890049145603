import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseSeqSpec, SeqSpecError } from "../../src/stream/seq-extractor.ts";
import { writeHeader } from "../../src/stream/message-header.ts";

const text = (s: string) => new TextEncoder().encode(s);

describe("seq extractor", () => {
  it("seq extractor - header reads stream, sequence and send time", () => {
    const x = parseSeqSpec("header");
    const p = new Uint8Array(100);
    writeHeader(p, 7, 123456789, 42);
    assert.equal(x.read(p), true);
    assert.deepEqual([x.stream, x.seq, x.sentUs, x.hasTime], [7, 123456789, 42, true]);
    assert.equal(x.read(text("nope")), false);
  });

  it("seq extractor - json follows a dotted path and accepts numeric strings", () => {
    const x = parseSeqSpec("json:meta.seq");
    assert.equal(x.read(text('{"meta":{"seq":41}}')), true);
    assert.equal(x.seq, 41);
    assert.equal(x.read(text('{"meta":{"seq":"42"}}')), true);
    assert.equal(x.seq, 42);
    for (
      const bad of [
        '{"meta":{}}',
        '{"meta":{"seq":-1}}',
        '{"meta":{"seq":1.5}}',
        '{"meta":3}',
        "not json",
        '{"meta":{"seq":"x"}}',
      ]
    ) {
      assert.equal(x.read(text(bad)), false, bad);
    }
    assert.equal(x.hasTime, false);
  });

  it("seq extractor - text takes the first capture group", () => {
    const x = parseSeqSpec("text:seq=(\\d+)");
    assert.equal(x.read(text("tick seq=99 price=1")), true);
    assert.equal(x.seq, 99);
    assert.equal(x.read(text("tick")), false);
  });

  it("seq extractor - u64be and u32be read at an offset", () => {
    const p = new Uint8Array(16);
    const v = new DataView(p.buffer);
    v.setBigUint64(4, 0x1_0000_0002n);
    const x64 = parseSeqSpec("u64be:4");
    assert.equal(x64.read(p), true);
    assert.equal(x64.seq, 2 ** 32 + 2);
    v.setUint32(0, 0xfffffffe);
    const x32 = parseSeqSpec("u32be:0");
    assert.equal(x32.read(p), true);
    assert.equal(x32.seq, 0xfffffffe);
    assert.equal(parseSeqSpec("u64be:9").read(p), false);
    assert.equal(parseSeqSpec("u32be:13").read(p), false);
  });

  it("seq extractor - none accepts anything", () => {
    const x = parseSeqSpec("none");
    assert.equal(x.read(text("")), true);
    assert.equal(x.kind, "none");
  });

  it("seq extractor - malformed specs are one-line errors", () => {
    for (
      const bad of [
        "",
        "bogus",
        "json:",
        "json:a..b",
        "text:(",
        "text:\\d+",
        "u64be:",
        "u64be:-1",
        "u32be:x",
        "header:1",
        "none:2",
      ]
    ) {
      assert.throws(
        () => parseSeqSpec(bad),
        (e: unknown) => e instanceof SeqSpecError && !e.message.includes("\n"),
        bad,
      );
    }
  });

  it("seq extractor - each malformed spec names its own mistake", () => {
    const expected: Array<[string, string]> = [
      ["bogus", "expected header, json:<path>, text:<regex>, u64be:<offset>, u32be:<offset> or none"],
      ["toString", "expected header, json:<path>, text:<regex>, u64be:<offset>, u32be:<offset> or none"],
      ["json:", "json needs an argument, e.g. json:seq or json:meta.seq"],
      ["json:a..b", "empty name in the field path"],
      ["text:", "text needs an argument, e.g. text:seq=(\\d+)"],
      ["text:\\d+", "the regular expression needs a capture group around the number"],
      ["u32be", "u32be needs an argument, e.g. u32be:0"],
      ["u64be:-1", "u64be needs a byte offset, e.g. u64be:0"],
      ["header:", "header takes no argument"],
      ["none:2", "none takes no argument"],
    ];
    for (const [bad, why] of expected) {
      assert.throws(() => parseSeqSpec(bad), { name: "SeqSpecError", message: `invalid --seq "${bad}": ${why}` }, bad);
    }
    assert.throws(() => parseSeqSpec("text:("), { message: /^invalid --seq "text:\(": bad regular expression \(/ });
  });
});
