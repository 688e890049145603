/**
 * Whether a zeromq.js addon has the shape this instrumentation was written for (zeromq.js 6:
 * a Socket class whose prototype has the promise methods and the readable/writable getters,
 * plus Context, Proxy and Observer). Another shape is said once and left alone.
 */

const socketMethods = ["receive", "send", "bind", "unbind", "connect", "close"];
const socketGetters = ["readable", "writable", "events"];
const classes = ["Socket", "Context", "Proxy", "Observer"];

/** What is missing, e.g. ["Socket.prototype.receive"]; empty when the shape is known. */
export function missingParts(addon: Record<string, unknown>): string[] {
  const missing = classes.filter((c) => typeof addon[c] !== "function").map((c) => c);
  if (missing.length) return missing;
  const proto = (addon.Socket as { prototype?: Record<string, unknown> }).prototype;
  if (!proto) return ["Socket.prototype"];
  for (const m of socketMethods) {
    if (typeof Object.getOwnPropertyDescriptor(proto, m)?.value !== "function") missing.push(`Socket.prototype.${m}`);
  }
  for (const g of socketGetters) {
    if (typeof Object.getOwnPropertyDescriptor(proto, g)?.get !== "function") missing.push(`Socket.prototype.${g}`);
  }
  return missing;
}
