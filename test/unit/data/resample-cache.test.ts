// cachedResampler: a view of the base columns gets exactly what resample() of that view gives
// (values, completeness, minutes), whether served from the cached whole-window resample (aligned
// starts) or resampled directly (unaligned starts, other buffers), over data with gaps.
import { describe, expect, test } from 'bun:test';
import { cachedResampler, resample } from '../../../src/data';
import type { CandleColumns } from '../../../src/domain';
import { mulberry32 } from '../../../src/domain/prng';

const T0 = Date.UTC(2024, 0, 1); // a Monday

/** `n` minutes from T0 with a random walk and a few gaps (dropped minutes). */
function minutes(n: number, seed: number): CandleColumns {
  const rnd = mulberry32(seed);
  const rows: number[][] = [];
  let p = 100;
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.002) continue; // a missing minute
    const o = p;
    p = Math.max(1, p + (rnd() - 0.5));
    rows.push([T0 + i * 60_000, o, Math.max(o, p) + rnd(), Math.min(o, p) - rnd() * 0.5, p, rnd() * 10, rnd() * 1000]);
  }
  const col = (k: number) => Float64Array.from(rows, (r) => r[k]!);
  return { tsMs: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5), turnover: col(6) };
}

function view(c: CandleColumns, from: number, to: number): CandleColumns {
  return {
    tsMs: c.tsMs.subarray(from, to),
    open: c.open.subarray(from, to),
    high: c.high.subarray(from, to),
    low: c.low.subarray(from, to),
    close: c.close.subarray(from, to),
    volume: c.volume.subarray(from, to),
    turnover: c.turnover.subarray(from, to),
  };
}

const plain = (r: ReturnType<typeof resample>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.from(v as ArrayLike<number>)]));

describe('cachedResampler', () => {
  const base = minutes(3 * 10_080 + 777, 11);
  const firstAt = (ms: number) => base.tsMs.findIndex((t) => t >= ms);

  test('aligned and unaligned views equal resample() of the view, for every timeframe', () => {
    const cached = cachedResampler(base);
    const rnd = mulberry32(5);
    for (const tf of [5, 15, 60, 240, 1440, 10_080]) {
      for (let k = 0; k < 12; k++) {
        // Half the starts on a bucket boundary (served from the cache), half anywhere.
        const startMs = T0 + Math.floor(rnd() * 2 * 10_080) * 60_000;
        const from = firstAt(k % 2 === 0 ? Math.floor(startMs / (tf * 60_000)) * tf * 60_000 : startMs);
        const to = Math.min(base.tsMs.length, from + 1 + Math.floor(rnd() * 12_000));
        const v = view(base, from, to);
        expect(plain(cached(v, tf))).toEqual(plain(resample(v, tf)));
      }
      expect(plain(cached(base, tf))).toEqual(plain(resample(base, tf)));
    }
  });

  test('an aligned view is served from the cache (subarrays of one result), another buffer is not', () => {
    const cached = cachedResampler(base);
    const from = firstAt(T0 + 60 * 60_000);
    const a = cached(view(base, from, from + 5000), 15);
    const b = cached(view(base, from + 4, from + 6000), 15);
    expect(b.tsMs.buffer).not.toBe(a.tsMs.buffer); // unaligned: resampled on its own
    const c = cached(view(base, from, from + 7000), 15);
    expect(c.tsMs.buffer).toBe(a.tsMs.buffer);
    const copy = minutes(2000, 11);
    const d = cached(copy, 15);
    expect(d.tsMs.buffer).not.toBe(a.tsMs.buffer);
    expect(plain(d)).toEqual(plain(resample(copy, 15)));
  });
});
