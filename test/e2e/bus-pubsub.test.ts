import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseJsonLines, type RunningCli, startCli } from "../helpers/cli.ts";
import { freeEndpoint } from "../helpers/ports.ts";
import { eventually } from "../helpers/eventually.ts";
import { engineCases } from "../bus/engine-availability.ts";
import { sendSignal } from "../bus/send-signal.ts";
import type { Json } from "../helpers/json.ts";

const cases = await engineCases();

function lastOf(cli: RunningCli | string, type: string): Json | undefined {
  const text = typeof cli === "string" ? cli : cli.stdout();
  return parseJsonLines(text).filter((e) => e.type === type).pop();
}

/** A bus with `stats` every 50 ms, and a wait until it has seen `topics` subscribed. */
async function startBus(engine: string, extra: string[] = []) {
  const frontend = await freeEndpoint();
  const backend = await freeEndpoint();
  const bus = startCli([
    "bus",
    "--frontend",
    frontend,
    "--backend",
    backend,
    "--engine",
    engine,
    "--json",
    "--stats-interval",
    "50",
    "--hwm",
    "100000",
    ...extra,
  ]);
  await bus.waitFor('"type":"start"');
  const subscribed = (topics: string[]) => {
    const seen = () =>
      (lastOf(bus, "stats")?.topics ?? []).filter((t: Json) => t.subscribe > t.unsubscribe).map((t: Json) => t.topic);
    return eventually(
      () => topics.every((t) => seen().includes(t)),
      10_000,
      () => `the bus to see subscriptions ${topics.join(", ")}: ${bus.stdout()}`,
      20,
    );
  };
  return { bus, frontend, backend, subscribed };
}

describe("bus end to end", () => {
  for (const c of cases) {
    it(`bus end to end - ${c.name}: three pubs, two subs with different filters: exact topics, none lost, counters add up`, async () => {
      const n = 300;
      const { bus, frontend, backend, subscribed } = await startBus(c.name);
      const common = ["--engine", c.name, "--json", "--hwm", "100000"];
      const md = startCli(["sub", backend, "--topic", "md.", "--expect", String(2 * n), "--duration", "20", ...common]);
      const news = startCli(["sub", backend, "--topic", "news.", "--expect", String(n), "--duration", "20", ...common]);
      await Promise.all([md.waitFor('"type":"start"'), news.waitFor('"type":"start"')]);
      await subscribed(["md.", "news."]);
      const pubs = [["md.eur", "1"], ["md.usd", "2"], ["news.fx", "3"]].map(([topic, stream]) =>
        startCli([
          "pub",
          frontend,
          "--topic",
          topic,
          "--stream",
          stream,
          "--count",
          String(n),
          "--rate",
          "3000",
          "--warmup",
          "500",
          ...common,
        ])
      );
      const pubResults = await Promise.all(pubs.map((p) => p.done));
      for (const r of pubResults) assert.equal(r.code, 0, r.stderr);
      const [mdR, newsR] = await Promise.all([md.done, news.done]);
      assert.equal(mdR.code, 0, mdR.stdout + mdR.stderr);
      assert.equal(newsR.code, 0, newsR.stdout + newsR.stderr);
      const mdS = lastOf(mdR.stdout, "summary")!;
      const newsS = lastOf(newsR.stdout, "summary")!;
      assert.deepEqual(mdS.streams.map((s: Json) => [s.stream, s.received, s.lost]).sort(), [[1, n, 0], [2, n, 0]]);
      assert.deepEqual(newsS.streams.map((s: Json) => [s.stream, s.received, s.lost]), [[3, n, 0]]);
      assert.equal(mdS.lost + newsS.lost, 0);
      sendSignal(bus, "SIGTERM");
      const busR = await bus.done;
      assert.equal(busR.code, 0, busR.stderr);
      const sum = lastOf(busR.stdout, "summary")!;
      // Filtering happens at the publishers: the bus forwarded exactly what the subscribers got.
      assert.equal(sum.down.messages, mdS.received + newsS.received);
      assert.equal(sum.down.messages, 3 * n);
      const topics = Object.fromEntries(sum.topics.map((t: Json) => [t.topic, t.subscribe]));
      assert.deepEqual(topics, { "md.": 1, "news.": 1 });
      if (c.name === "native") assert.equal(sum.drops, null);
      else assert.equal(sum.drops, 0);
    });

    it(`bus end to end - ${c.name}: SIGTERM while traffic flows exits within --shutdown-timeout with the summary`, async () => {
      const { bus, frontend, backend, subscribed } = await startBus(c.name, ["--shutdown-timeout", "1000"]);
      const common = ["--engine", c.name, "--json"];
      const sub = startCli(["sub", backend, "--duration", "20", ...common]);
      await sub.waitFor('"type":"start"');
      await subscribed([""]);
      const pub = startCli(["pub", frontend, "--rate", "5000", "--duration", "20", "--warmup", "200", ...common]);
      await eventually(
        () => (lastOf(bus, "stats")?.down.messages ?? 0) >= 200,
        10_000,
        () => `traffic through the bus: ${bus.stdout()}`,
        20,
      );
      const t0 = Date.now();
      sendSignal(bus, "SIGTERM");
      const r = await bus.done;
      const took = Date.now() - t0;
      sendSignal(pub, "SIGINT");
      sendSignal(sub, "SIGINT");
      await Promise.all([pub.done, sub.done]);
      assert.ok(took < 1000 + 500, `bus took ${took} ms to exit`);
      assert.equal(r.code, 0, r.stderr);
      const sum = lastOf(r.stdout, "summary")!;
      assert.equal(sum.shutdown, "clean");
      assert.ok(sum.down.messages >= 200, JSON.stringify(sum.down));
      assert.ok(sum.shutdownMs <= 1000);
    });
  }
});
