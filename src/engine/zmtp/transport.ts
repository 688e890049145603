/**
 * tcp:// and ipc:// over node:net: listening (with the bound endpoint resolved) and dialling.
 * Handles are unref'd here; the socket holds the process up only while an operation is
 * pending (as zeromq.js does), and while lingering on close.
 */
import fs from "node:fs";
import path from "node:path";
import net from "node:net";
import { type Endpoint, formatTcpEndpoint } from "../endpoint.ts";
import { inprocUnsupportedError, ZmqError } from "../errors.ts";

/** A bound endpoint. */
export interface Listener {
  /** The endpoint as bound (port 0 resolved). */
  endpoint: string;
  close(): void;
}

/** Starts listening; `onSocket` gets each accepted stream and its peer's address. */
export function listen(ep: Endpoint, onSocket: (s: net.Socket, peer: string) => void): Promise<Listener> {
  if (ep.transport === "inproc") return Promise.reject(inprocUnsupportedError("zmtp", ep.text));
  return new Promise((resolve, reject) => {
    const server = net.createServer({ noDelay: true } as net.ServerOpts, (s) => {
      s.unref();
      onSocket(s, describePeer(s, ep));
    });
    const fail = (e: NodeJS.ErrnoException) => reject(bindError(e, ep));
    server.once("error", fail);
    const ready = () => {
      server.off("error", fail);
      server.on("error", () => {
        /* accept errors (e.g. EMFILE) are not fatal to the socket */
      });
      server.unref();
      resolve({ endpoint: boundEndpoint(server, ep), close: () => closeServer(server, ep) });
    };
    if (ep.transport === "ipc") {
      // libzmq removes a socket file left behind by an earlier run before binding.
      try {
        if (fs.statSync(ep.path).isSocket()) fs.unlinkSync(ep.path);
      } catch {
        /* nothing to remove */
      }
      server.listen(ep.path, ready);
    } else {
      const host = ep.host === "*" ? "0.0.0.0" : ep.host;
      server.listen({ port: ep.port, host, exclusive: true }, ready);
    }
  });
}

/** Starts connecting a stream to `ep` (events tell the outcome). */
export function dial(ep: Endpoint): net.Socket {
  if (ep.transport === "inproc") throw inprocUnsupportedError("zmtp", ep.text);
  const s = ep.transport === "ipc"
    ? net.connect(ep.path)
    : net.connect({ port: ep.port, host: ep.host, noDelay: true } as net.NetConnectOpts);
  s.unref();
  return s;
}

/** A readable name for the peer of a stream. */
export function describePeer(s: net.Socket, ep: Endpoint): string {
  if (ep.transport === "ipc") return `ipc://${ep.path}`;
  const addr = s.remoteAddress;
  return addr ? formatTcpEndpoint(addr.replace(/^::ffff:/, ""), s.remotePort ?? 0) : ep.text;
}

function boundEndpoint(server: net.Server, ep: Endpoint): string {
  const a = server.address();
  if (ep.transport === "ipc" || a === null || typeof a === "string") return ep.text;
  return formatTcpEndpoint(a.address, a.port);
}

function closeServer(server: net.Server, ep: Endpoint): void {
  try {
    server.close();
  } catch {
    /* already closed */
  }
  if (ep.transport === "ipc") {
    try {
      fs.unlinkSync(ep.path);
    } catch {
      /* gone already */
    }
  }
}

function bindError(e: NodeJS.ErrnoException, ep: Endpoint): ZmqError {
  switch (e.code) {
    case "EADDRINUSE":
      return new ZmqError("EADDRINUSE", `cannot bind ${ep.text}: address already in use`, { cause: e });
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new ZmqError("EADDRNOTAVAIL", `cannot bind ${ep.text}: address not available (${e.code})`, { cause: e });
    case "EACCES":
    case "EPERM":
      // Node reports a missing folder of an ipc path as EACCES; say what is really wrong.
      if (ep.transport === "ipc" && !fs.existsSync(path.dirname(path.resolve(ep.path)))) {
        return new ZmqError("ENOENT", `cannot bind ${ep.text}: no such directory`, { cause: e });
      }
      return new ZmqError("EINVAL", `cannot bind ${ep.text}: permission denied`, { cause: e });
    case "ENOENT":
      return new ZmqError("ENOENT", `cannot bind ${ep.text}: no such directory`, { cause: e });
    default:
      return new ZmqError("EINVAL", `cannot bind ${ep.text}: ${e.message}`, { cause: e });
  }
}
