// Seeded pseudo-random numbers for `--random N --seed S` (mulberry32: 32-bit state, fast, and the
// same sequence on every machine). Never Math.random: a sweep's sample must be reproducible.

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

/** `k` distinct indices of [0, n), in the order drawn (a partial Fisher-Yates over a sparse map). */
export function sampleIndices(n: number, k: number, seed: number): number[] {
  const rnd = mulberry32(seed);
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < Math.min(k, n); i++) {
    const j = i + Math.floor(rnd() * (n - i));
    const vi = swapped.get(i) ?? i;
    const vj = swapped.get(j) ?? j;
    swapped.set(j, vi);
    out.push(vj);
  }
  return out;
}
