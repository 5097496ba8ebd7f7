// Seeded sampling for `--random N --seed S` (the domain's mulberry32: the same sequence on every
// machine). Never Math.random: a sweep's sample must be reproducible.
import { mulberry32 } from '../domain';

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
