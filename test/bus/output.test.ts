import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type BusSummary, formatSummary } from "../../src/bus/output.ts";
import { withoutColors } from "../../src/cli/without-colors.ts";

const view = { peers: 2, drops: 12_345, connects: 3, disconnects: 1, handshakeFailures: 0, protocolErrors: 0 };
const summary: BusSummary = {
  type: "summary",
  command: "bus",
  engine: "zmtp",
  engineVersion: "zmtp 3.1",
  runtime: "node",
  frontendEndpoint: "tcp://127.0.0.1:5555",
  backendEndpoint: "tcp://127.0.0.1:5556",
  elapsedMs: 4000,
  down: { messages: 1_234_567, bytes: 123_456_700 },
  up: { messages: 2, bytes: 10 },
  upOther: 0,
  topics: [],
  topicLimit: 100,
  topicTotals: { subscribe: 0, unsubscribe: 0 },
  otherTopics: { subscribe: 0, unsubscribe: 0, evictions: 0 },
  publishers: 1,
  subscribers: null,
  drops: 12_345,
  frontend: view,
  backend: { ...view, peers: null, drops: null },
  stopReason: "SIGINT",
  shutdown: "clean",
  shutdownMs: 12,
  hang: null,
  failures: [],
  exitCode: 0,
};

describe("bus output", () => {
  it("bus output - counts have thousands separators, flows a rate over the bus's life, unmeasurable ones say so", () => {
    const text = withoutColors(formatSummary(summary));
    assert.match(
      text,
      /^ {2}down \(publishers -> subscribers\): 1,234,567 msgs \(308,642 msg\/s\), 123,456,700 bytes$/m,
    );
    assert.match(text, /^ {2}up \(subscriptions -> publishers\): 2 msgs \(1 msg\/s\), 10 bytes$/m);
    assert.match(text, /^ {2}publishers connected: 1, subscribers connected: not measurable$/m);
    assert.match(text, /^ {2}dropped at the high-water mark: 12,345$/m);
    assert.match(
      text,
      /^ {2}backend tcp:\/\/127\.0\.0\.1:5556: peers not measurable, drops not measurable, connects 3/m,
    );
  });
});
