/**
 * Node module hooks, loaded by module.register on Node's hooks thread (see self-import.ts): they
 * resolve the bare specifier `zmqdiag` to the running install, and leave every other one alone.
 */
let name = "";
let url = "";

/** Receives the specifier and the URL it resolves to. */
export function initialize(data: { name: string; url: string }): void {
  ({ name, url } = data);
}

type NextResolve = (specifier: string, context?: unknown) => Promise<unknown>;

/** Node's resolve hook. */
export async function resolve(specifier: string, context: unknown, next: NextResolve): Promise<unknown> {
  if (specifier === name) return { url, shortCircuit: true };
  return next(specifier, context);
}
