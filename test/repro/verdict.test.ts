import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { judge } from "../../src/repro/verdict.ts";
import { DeliveryLedger, toRanges } from "../../src/repro/delivery-ledger.ts";
import { seededRandom } from "../../src/repro/seeded-random.ts";
import { crashLine, crashSignal } from "../../src/repro/crash-detect.ts";
import { junitXml, xmlEscape } from "../../src/repro/junit.ts";

const zero = { unhandledRejections: 0, hangs: 0, lostMessages: 0, crashes: 0, errors: 0 };

describe("repro verdict", () => {
  it("repro verdict - a buggy form passes only when every documented symptom is non-zero", () => {
    assert.deepEqual(
      judge("buggy", ["unhandledRejections", "lostMessages"], { ...zero, unhandledRejections: 2, lostMessages: 1 }),
      { verdict: "pass", reproduced: true },
    );
    assert.deepEqual(judge("buggy", ["unhandledRejections", "lostMessages"], { ...zero, unhandledRejections: 2 }), {
      verdict: "fail",
      reproduced: false,
    });
    assert.deepEqual(judge("buggy", ["hangs"], { ...zero, hangs: 1, errors: 1 }), {
      verdict: "pass",
      reproduced: true,
    });
    assert.deepEqual(judge("buggy", [], { ...zero, hangs: 1 }), { verdict: "fail", reproduced: false });
  });
  it("repro verdict - a fixed form passes only when every count is zero, errors included", () => {
    assert.deepEqual(judge("fixed", [], zero), { verdict: "pass", reproduced: false });
    assert.deepEqual(judge("fixed", [], { ...zero, lostMessages: 1 }), { verdict: "fail", reproduced: true });
    assert.deepEqual(judge("fixed", [], { ...zero, errors: 1 }), { verdict: "fail", reproduced: false });
    assert.deepEqual(judge("fixed", [], { ...zero, crashes: 1 }), { verdict: "fail", reproduced: true });
  });
});

describe("repro sequence tracker", () => {
  it("repro sequence tracker - lost is sent and never processed, listed as ranges", () => {
    const t = new DeliveryLedger();
    for (let s = 1; s <= 10; s++) t.sent(s);
    for (const s of [1, 2, 5, 9, 10, 42]) t.processed(s);
    assert.deepEqual(t.summary(), { sent: 10, processed: 6, lost: 5, lostRanges: ["3-4", "6-8"] });
  });
  it("repro sequence tracker - long range lists are cut, the count stays exact", () => {
    const odd = Array.from({ length: 50 }, (_, i) => 2 * i + 1);
    const r = toRanges(odd);
    assert.equal(r.length, 21);
    assert.equal(r[20], "...");
    assert.deepEqual(toRanges([]), []);
  });
});

describe("repro seeded random", () => {
  it("repro seeded random - the same seed gives the same sequence, another seed another", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const sa = [a(), a(), a()];
    assert.deepEqual([b(), b(), b()], sa);
    assert.notDeepEqual([c(), c(), c()], sa);
    for (const x of sa) assert.ok(x >= 0 && x < 1);
  });
});

describe("repro crash detection", () => {
  it("repro crash detection - signals, 128+n codes and runtime panics are crashes; a plain exit is not", () => {
    assert.equal(crashSignal(null, "SIGSEGV", ""), "SIGSEGV");
    assert.equal(crashSignal(134, null, ""), "SIGABRT");
    assert.equal(crashSignal(1, null, "panic(main thread): unsupported uv function: uv_poll_init_socket"), "abort");
    assert.equal(crashSignal(1, null, "Error: boom"), undefined);
    assert.equal(crashSignal(0, null, ""), undefined);
  });
  it("repro crash detection - the crash line prefers the runtime's panic line and drops colors", () => {
    const bun =
      "Bun encountered a crash ... the \u001b[31muv_poll_init_socket\u001b[0m libuv function.\npanic(main thread): unsupported uv function: uv_poll_init_socket\n";
    assert.equal(crashLine(bun), "panic(main thread): unsupported uv function: uv_poll_init_socket");
    assert.equal(
      crashLine("Assertion failed: !_more (src/mailbox.cpp:72)"),
      "Assertion failed: !_more (src/mailbox.cpp:72)",
    );
    assert.equal(crashLine("all fine"), null);
  });
});

describe("repro junit", () => {
  it("repro junit - escapes text and marks failures and skips", () => {
    assert.equal(xmlEscape(`a<b & "c"\u0001`), "a&lt;b &amp; &quot;c&quot;");
    const base = {
      scenario: "s<1>",
      variant: "fixed" as const,
      form: "f",
      engine: "none" as const,
      runtime: "node" as const,
    };
    const details = {
      expected: "clean" as const,
      rejections: [],
      lostRanges: ["2"],
      sent: 2,
      processed: 1,
      errors: [],
      notes: [],
      output: [],
      exitCode: 0,
      signal: null,
      seed: 1,
      iterations: 1,
      deadlines: { setup: 1, run: 1, shutdown: 1, exit: 1 },
      phaseMs: {},
    };
    const xml = junitXml(
      [{ ...base, ...zero, lostMessages: 1, reproduced: true, verdict: "fail", durationMs: 1500, details }],
      [{ ...base, form: "g", reason: "not here" }],
      7,
    );
    assert.match(xml, /<testsuites name="zmqdiag repro" tests="2" failures="1" skipped="1"/);
    assert.match(xml, /classname="zmqdiag.repro.s&lt;1&gt;" name="fixed\/f \[none, node\]" time="1.500"/);
    assert.match(
      xml,
      /<failure message="expected no findings from the fixed form; 1 of 2 messages lost \(sent, never processed\): 2"/,
    );
    assert.match(xml, /<skipped message="not here"\/>/);
    assert.match(xml, /<property name="seed" value="7"\/>/);
  });
});
