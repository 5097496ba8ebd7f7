// The project's one seeded pseudo-random generator (never Math.random): mulberry32 over a 32-bit
// state. Only integer arithmetic and one division per draw, so the same seed gives the same
// numbers on every platform. Sweeps sample with it, forge builds markets with it, tests seed with it.

/** Returns a generator of floats in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
