/** `zmqdiag doctor`: what works on this runtime, engine by engine, and what `auto` picks. */
import { colors } from "../cli/colors.ts";
import { ExitCode } from "../cli/exit-codes.ts";
import { emitJson } from "../cli/json-lines.ts";
import { autoEngine, resolveEngineName, streamingEngine } from "../engine/load.ts";
import { runtimeName, runtimeVersion } from "../runtime/runtime-name.ts";
import { probeLoopback } from "./probe-loopback.ts";
import { probeNativeStage, type StageOutcome } from "./probe-native.ts";
import { probeZmtp } from "./probe-zmtp.ts";

/** Everything doctor found, as `--json` prints it. */
export interface DoctorReport {
  type: "doctor";
  runtime: { name: string; version: string };
  engines: {
    native: StageOutcome & { probedIn: "child process"; zeromqReceiveTimeout?: StageOutcome };
    zmtp: { status: "works" | "failed"; version?: string; detail?: string };
  };
  libzmq: string | null;
  loopback: { "127.0.0.1": { status: string; detail?: string }; "::1": { status: string; detail?: string } };
  /** What `--engine auto` picks for `repro` (its scenarios are about zeromq.js). */
  auto: { engine: string; works: boolean };
  /** What `--engine auto` picks for `pub`, `sub` and `bus`. */
  autoStreaming: { engine: string; works: boolean };
}

/** Probes everything. */
export async function diagnose(): Promise<DoctorReport> {
  const runtime = runtimeName();
  const [native, zmtp, v4, v6] = await Promise.all([
    probeNativeStage(runtime, "engine"),
    probeZmtp(),
    probeLoopback("127.0.0.1"),
    probeLoopback("::1"),
  ]);
  // zeromq.js's own receive timeout (in libzmq) segfaults on Deno; probe it where zeromq.js makes sockets at all.
  const raw = native.reached !== "start" && native.reached !== "load" && native.reached !== "loaded"
    ? await probeNativeStage(runtime, "raw-timeout")
    : undefined;
  const auto = autoEngine(runtime);
  const streaming = resolveEngineName(streamingEngine("auto"), runtime);
  const works = { native: native.status === "works", zmtp: zmtp.status === "works" };
  return {
    type: "doctor",
    runtime: { name: runtime, version: runtimeVersion() },
    engines: { native: { ...native, probedIn: "child process", zeromqReceiveTimeout: raw }, zmtp },
    libzmq: /libzmq ([\d.]+)/.exec(native.version ?? "")?.[1] ?? null,
    loopback: { "127.0.0.1": v4, "::1": v6 },
    auto: { engine: auto, works: works[auto] },
    autoStreaming: { engine: streaming, works: works[streaming] },
  };
}

/** Runs the command; exit 0 when at least one engine works. */
export async function runDoctor(o: { json?: boolean }): Promise<number> {
  const r = await diagnose();
  const ok = r.engines.native.status === "works" || r.engines.zmtp.status === "works";
  if (o.json) emitJson({ ...r });
  else process.stdout.write(`${doctorText(r)}\n`);
  return ok ? ExitCode.clean : ExitCode.findings;
}

function doctorText(r: DoctorReport): string {
  const c = colors();
  const status = (s: string) => (s === "works" ? c.green(s) : s === "crashed" || s === "hung" ? c.red(s) : c.yellow(s));
  const n = r.engines.native;
  const z = r.engines.zmtp;
  const row = (k: string, v: string) => `  ${k.padEnd(10)}${v}`;
  const lines = [
    c.bold("zmqdiag doctor"),
    row("runtime", `${r.runtime.name} ${r.runtime.version}`),
    row(
      "native",
      `${status(n.status)}${n.version ? `  ${n.version}` : ""}${n.detail ? `  ${n.detail}` : ""}  ${
        c.dim("(probed in a child process)")
      }`,
    ),
  ];
  if (n.zeromqReceiveTimeout) {
    const t = n.zeromqReceiveTimeout;
    const spared = t.status !== "works" && n.status === "works"
      ? c.dim(" (the native engine keeps receive timeouts in JavaScript, so it is spared)")
      : "";
    lines.push(row("", `zeromq.js receive timeout: ${status(t.status)}${t.detail ? `  ${t.detail}` : ""}${spared}`));
  }
  lines.push(
    row(
      "zmtp",
      `${status(z.status)}${z.version ? `  ${z.version}` : ""}${
        z.detail ? `  ${z.detail}` : z.status === "works" ? c.dim("  (loopback round trip)") : ""
      }`,
    ),
    row("libzmq", r.libzmq ?? c.dim("unknown (zeromq.js did not load)")),
    row(
      "loopback",
      (["127.0.0.1", "::1"] as const).map((h) =>
        `${h} ${status(r.loopback[h].status)}${r.loopback[h].status === "works" ? "" : ` (${r.loopback[h].detail})`}`
      ).join(", "),
    ),
    row(
      "auto",
      [[r.auto, "repro"], [r.autoStreaming, "pub, sub and bus"]].map(([a, what]) =>
        `${(a as DoctorReport["auto"]).engine} for ${what} ${
          (a as DoctorReport["auto"]).works ? c.green("(works)") : c.red("(does not work here)")
        }`
      ).join(", "),
    ),
  );
  return lines.join("\n");
}
