/** A PULL socket fed by a PUSH socket over loopback TCP: the setup and shutdown several scenarios share. */
import type { SocketOptions, ZSocket } from "../engine/types.ts";
import type { ScenarioContext } from "./types.ts";
import { receiveWithin } from "./wait.ts";

/** The two ends. */
export interface PushPullPipe {
  pull: ZSocket;
  push: ZSocket;
}

/**
 * Binds a PULL (with `pullOptions`) on a free port, connects a PUSH to it, and proves with a
 * warm-up message that the connection carries messages before the scenario starts.
 */
export async function openPushPull(ctx: ScenarioContext, pullOptions: SocketOptions = {}): Promise<PushPullPipe> {
  const pull = ctx.engine!.socket("pull", { linger: 0, ...pullOptions });
  const endpoint = await pull.bind("tcp://127.0.0.1:0");
  const push = ctx.engine!.socket("push", { linger: 0 });
  await push.connect(endpoint);
  await push.send("warm-up");
  if (!(await receiveWithin(pull, 2000))) throw new Error("the warm-up message did not arrive within 2 s");
  return { pull, push };
}

/** Closes both ends. */
export async function closePushPull(_ctx: ScenarioContext, { pull, push }: PushPullPipe): Promise<void> {
  push.close();
  pull.close();
}
