/** What the preload installs inside a JS program besides its own hooks: zeromq.js's instrumentation. */
import { installZeromq } from "./zeromq/install.ts";

/** Functions every JS preload entry runs once at startup, each in its own try/catch. */
export const instrumenters: Array<() => void> = [installZeromq];
