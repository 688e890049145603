/** The native engine: zmqdiag's engine interface on zeromq.js (libzmq). */
import type { Engine, SocketOptions, SocketType } from "../types.ts";
import { unknownSocketTypeError } from "../errors.ts";
import { loadZeromq } from "./load-zeromq.ts";
import { isSocketType } from "./create-socket.ts";
import { NativeSocket } from "./native-socket.ts";
import { runtimeName } from "../../runtime/runtime-name.ts";

/**
 * Whether sockets wait by polling with zero timeouts rather than with zeromq.js's poller. On Deno
 * a waiting zeromq.js receive or send may never wake (its uv_poll emulation misses libzmq's
 * edge-triggered fd), and positive timeouts segfault; zero timeouts work.
 */
export function nativeNeedsPolling(): boolean {
  return runtimeName() === "deno";
}

/** Creates the native engine (loads zeromq.js on first use). */
export async function createNativeEngine(): Promise<Engine> {
  const { zmq, libzmqVersion, packageVersion } = await loadZeromq();
  const polling = nativeNeedsPolling();
  return {
    name: "native",
    version: `libzmq ${libzmqVersion} (zeromq.js ${packageVersion})`,
    socket(type: SocketType, options: SocketOptions = {}) {
      if (!isSocketType(type)) throw unknownSocketTypeError(type);
      return new NativeSocket(zmq, type, options, polling);
    },
  };
}
