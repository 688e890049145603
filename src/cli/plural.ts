/** "1 run", "2 runs": a count and its noun (regular plurals only). */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
