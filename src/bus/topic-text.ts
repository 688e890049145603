/** How the bus shows a subscription's topic. */

/**
 * A topic as text for reports: UTF-8 when it is printable, else `0x` and hex, so that binary
 * topics stay exact and distinguishable.
 */
export function topicText(topic: Uint8Array): string {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(topic);
  // eslint-disable-next-line no-control-regex
  if (!text.includes("\uFFFD") && !/[\u0000-\u001f\u007f]/.test(text)) return text;
  return `0x${Array.from(topic, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
