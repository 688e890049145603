/** Which JavaScript runtime this process is. */
export type RuntimeName = "node" | "deno" | "bun";

/** The runtime this code runs on. */
export function runtimeName(): RuntimeName {
  const g = globalThis as Record<string, unknown>;
  if (typeof g.Deno === "object" && g.Deno !== null) return "deno";
  if (typeof g.Bun === "object" && g.Bun !== null) return "bun";
  return "node";
}

/** The runtime's own version string, e.g. "20.20.2". */
export function runtimeVersion(): string {
  const g = globalThis as { Deno?: { version: { deno: string } }; Bun?: { version: string } };
  if (g.Deno) return g.Deno.version.deno;
  if (g.Bun) return g.Bun.version;
  return process.versions.node;
}
