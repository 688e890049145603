/** Probes the zmtp engine in this process (pure TypeScript: it cannot take the process down). */
import { loadEngine } from "../engine/load.ts";
import { roundTrip } from "./round-trip.ts";

/** "works" with the engine's version, or what went wrong. */
export async function probeZmtp(
  deadlineMs = 5000,
): Promise<{ status: "works" | "failed"; version?: string; detail?: string }> {
  let version: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const engine = await loadEngine("zmtp");
    version = engine.version;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no round trip within ${deadlineMs} ms`)), deadlineMs);
    });
    await Promise.race([roundTrip(engine), late]);
    return { status: "works", version };
  } catch (e) {
    return { status: "failed", version, detail: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
  }
}
