/** A small seeded pseudo-random generator (mulberry32), so that a run can be replayed from its seed. */

/** Largest seed accepted; seeds are unsigned 32-bit integers. */
export const maxSeed = 0xffff_ffff;

/** Returns a function giving numbers in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh random seed, for when the user gave none. */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}
