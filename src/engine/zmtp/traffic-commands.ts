/**
 * Commands a peer may send once the handshake is done: SUBSCRIBE and CANCEL (to publishers),
 * PING (answered with PONG), PONG, ERROR. Anything else closes the connection (stricter than
 * libzmq, which ignores unknown commands, so that a peer speaking something else is refused
 * with a stable code instead of half understood).
 */
import { Buffer } from "node:buffer";
import { type Command, errorReason, parsePing } from "./commands.ts";
import { type Fault, fault } from "./faults.ts";

/** What handling a command may do to its connection. */
export interface CommandTarget {
  subscription(subscribe: boolean, topic: Buffer): void;
  /** The peer pinged: answer with PONG and watch its TTL. */
  pinged(ttl: number, context: Buffer): void;
  fail(f: Fault): void;
}

/** Acts on one command received after READY. */
export function onTrafficCommand(cmd: Command, t: CommandTarget): void {
  switch (cmd.name) {
    case "SUBSCRIBE":
    case "CANCEL":
      return t.subscription(cmd.name === "SUBSCRIBE", Buffer.from(cmd.data));
    case "PING": {
      const ping = parsePing(cmd.data);
      if (typeof ping === "string") return t.fail(fault("ZMTP_BAD_COMMAND", ping));
      return t.pinged(ping.ttl, ping.context);
    }
    case "PONG":
      return; // its arrival already counted as a sign of life
    case "ERROR":
      return t.fail(fault("ZMTP_PEER_ERROR", `peer sent ERROR: ${errorReason(cmd.data)}`));
    default:
      return t.fail(fault("ZMTP_UNKNOWN_COMMAND", `unexpected command ${JSON.stringify(cmd.name)}`));
  }
}
