/**
 * Binds or connects a socket for `pub` and `sub`, checking the endpoint first (inproc refused:
 * these commands span processes) and naming the endpoint in the error a user gets (a port in
 * use: one line, exit 2, through the error's code).
 */
import { parseEndpoint } from "../engine/endpoint.ts";
import type { ZSocket } from "../engine/types.ts";

/** Checks an endpoint for `pub`/`sub`; throws an EndpointError (exit 2) when it is unusable. */
export function checkEndpoint(endpoint: string, bind: boolean): void {
  parseEndpoint(endpoint, { forBind: bind });
}

/** Binds (resolving with the actual endpoint) or connects (resolving with `endpoint`). */
export async function attachSocket(socket: ZSocket, endpoint: string, bind: boolean): Promise<string> {
  try {
    if (bind) return await socket.bind(endpoint);
    await socket.connect(endpoint);
    return endpoint;
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code !== "string") throw e;
    const what = code === "EADDRINUSE" ? "address already in use" : attachFailureReason(e, endpoint);
    throw Object.assign(new Error(`cannot ${bind ? "bind" : "connect"} ${endpoint}: ${what}`), { code });
  }
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
