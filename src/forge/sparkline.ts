// A one-line picture of a price path: the closes split into `width` equal buckets, each drawn as
// one of eight block heights from the lowest to the highest bucket close (▁ … █); an empty
// bucket (a gap) is a space.
const BLOCKS = '▁▂▃▄▅▆▇█';

export function sparkline(tsMs: Float64Array, closes: Float64Array, startMs: number, endMs: number, width = 60): string {
  const last = new Array<number | undefined>(width).fill(undefined);
  const spanMs = endMs - startMs;
  for (let i = 0; i < tsMs.length; i++) {
    const k = Math.min(width - 1, Math.floor(((tsMs[i]! - startMs) / spanMs) * width));
    last[k] = closes[i];
  }
  const known = last.filter((v): v is number => v !== undefined);
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  return last.map((v) => (v === undefined ? ' ' : BLOCKS[hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * 7)])).join('');
}
