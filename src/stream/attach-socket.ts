/**
 * Binds or connects a socket for `pub`, `sub` and `bus`, checking the endpoint first (inproc
 * refused: these commands span processes) and naming the endpoint in the error a user gets (a
 * port in use: an EndpointError, one line, exit 2, the engine's error kept as its cause).
 */
import { EndpointError, parseEndpoint } from "../engine/endpoint.ts";
import type { ZSocket } from "../engine/types.ts";

/**
 * What a bind or connect of the user's endpoint answers when the endpoint cannot be used there
 * (ENODEV: libzmq's answer to an address no interface has, e.g. tcp://[::1] without IPv6).
 * Only here are these codes the user's: the same EINVAL from any other call is our own misuse.
 */
const endpointRefusals = new Set(["EADDRINUSE", "EADDRNOTAVAIL", "EINVAL", "ENOENT", "EACCES", "ENOTSUP", "ENODEV"]);

/** Checks an endpoint for `pub`/`sub`; throws an EndpointError (exit 2) when it is unusable. */
export function checkEndpoint(endpoint: string, bind: boolean): void {
  parseEndpoint(endpoint, { forBind: bind });
}

/**
 * Binds (resolving with the actual endpoint) or connects (resolving with `endpoint`). `option`
 * names the option the endpoint came from in the error (`bus` has two, e.g. "--frontend").
 */
export async function attachSocket(socket: ZSocket, endpoint: string, bind: boolean, option?: string): Promise<string> {
  try {
    if (bind) return await socket.bind(endpoint);
    await socket.connect(endpoint);
    return endpoint;
  } catch (e) {
    throw endpointRefused(e, endpoint, bind, option) ?? e;
  }
}

/** The EndpointError for a bind/connect failure the endpoint caused; undefined for anything else. */
export function endpointRefused(
  e: unknown,
  endpoint: string,
  bind: boolean,
  option?: string,
): EndpointError | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !endpointRefusals.has(code)) return undefined;
  const what = code === "EADDRINUSE" ? "address already in use" : attachFailureReason(e, endpoint);
  const where = option ? `${option} ${endpoint}` : endpoint;
  return new EndpointError(`cannot ${bind ? "bind" : "connect"} ${where}: ${what}`, { cause: e, code });
}

/**
 * Why a bind or connect failed, without the "cannot bind <endpoint>:" the engines already put
 * in front (the caller says that once, in its own words).
 */
export function attachFailureReason(e: unknown, endpoint: string): string {
  const message = e instanceof Error ? e.message : String(e);
  const prefix = /^cannot (bind|connect)( to)? (\S+): /.exec(message);
  return prefix && prefix[3] === endpoint ? message.slice(prefix[0].length) : message;
}
