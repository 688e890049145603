/** Parsing and checking of ZeroMQ endpoints (tcp://host:port, ipc://path, inproc://name). */
import { UserError } from "../user-error.ts";

/** A parsed endpoint. */
export type Endpoint =
  | { transport: "tcp"; host: string; port: number; text: string }
  | { transport: "ipc"; path: string; text: string }
  | { transport: "inproc"; name: string; text: string };

/** A user-caused endpoint problem (malformed, or refused by bind/connect): one line, for stderr. */
export class EndpointError extends UserError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, options);
    this.name = "EndpointError";
  }
}

/**
 * Parses an endpoint. `port` may be 0 or `*` only when binding (`forBind`); host `*` means all
 * interfaces, and IPv6 hosts are written in brackets (`tcp://[::1]:5556`).
 */
export function parseEndpoint(text: string, opts: { forBind?: boolean; allowInproc?: boolean } = {}): Endpoint {
  const m = /^([a-z]+):\/\/(.*)$/i.exec(text);
  if (!m) {
    throw new EndpointError(`invalid endpoint "${text}": expected transport://address, e.g. tcp://127.0.0.1:5556`);
  }
  const transport = m[1].toLowerCase();
  const rest = m[2];
  if (transport === "ipc") {
    if (rest === "") throw new EndpointError(`invalid endpoint "${text}": ipc:// needs a path`);
    return { transport: "ipc", path: rest, text };
  }
  if (transport === "inproc") {
    if (!opts.allowInproc) {
      throw new EndpointError(
        `unsupported endpoint "${text}": inproc:// only works inside one process; use tcp:// or ipc://`,
      );
    }
    if (rest === "") throw new EndpointError(`invalid endpoint "${text}": inproc:// needs a name`);
    return { transport: "inproc", name: rest, text };
  }
  if (transport !== "tcp") {
    throw new EndpointError(`unsupported transport "${transport}" in "${text}": use tcp:// or ipc://`);
  }
  const hp = /^(\[[^\]]*\]|[^:[\]]*):([^:]*)$/.exec(rest);
  if (!hp) throw new EndpointError(`invalid endpoint "${text}": expected tcp://host:port`);
  let host = hp[1];
  if (host.startsWith("[")) host = host.slice(1, -1);
  if (host === "") throw new EndpointError(`invalid endpoint "${text}": missing host`);
  const portText = hp[2];
  if (portText === "*" || portText === "0") {
    if (!opts.forBind) throw new EndpointError(`invalid endpoint "${text}": a connect needs an explicit port`);
    return { transport: "tcp", host, port: 0, text };
  }
  if (!/^\d+$/.test(portText)) {
    throw new EndpointError(`invalid endpoint "${text}": port "${portText}" is not a number`);
  }
  const port = Number(portText);
  if (port < 1 || port > 65535) {
    throw new EndpointError(`invalid endpoint "${text}": port ${port} is out of range 1-65535`);
  }
  if (host === "*" && !opts.forBind) {
    throw new EndpointError(`invalid endpoint "${text}": host * is only valid when binding`);
  }
  return { transport: "tcp", host, port, text };
}

/** Formats a tcp endpoint, bracketing IPv6 hosts. */
export function formatTcpEndpoint(host: string, port: number): string {
  return host.includes(":") ? `tcp://[${host}]:${port}` : `tcp://${host}:${port}`;
}
