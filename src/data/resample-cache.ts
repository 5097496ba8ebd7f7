// Resampling once for many runs over views of the same 1m columns (a sweep worker runs every
// variant over a view of one shared window). The first request for a timeframe resamples the whole
// base window; a later request for a view of it returns subarrays of that result, which are exactly
// what resample() of the view gives when the view starts on a bucket boundary: each bucket it emits
// (every one ending by the close of its last minute) holds the same minutes, summed in the same
// order. Anything else (another buffer, an unaligned start) is resampled directly. The returned
// columns are shared between runs: readers only.
import { bucketStartMs, type CandleColumns, lowerBound, MINUTE_MS } from '../domain';
import { type ResampledColumns, resample } from './resample';

export type CachedResampler = (cols: CandleColumns, tfMinutes: number) => ResampledColumns;

function slice(r: ResampledColumns, from: number, to: number): ResampledColumns {
  return {
    tsMs: r.tsMs.subarray(from, to),
    open: r.open.subarray(from, to),
    high: r.high.subarray(from, to),
    low: r.low.subarray(from, to),
    close: r.close.subarray(from, to),
    volume: r.volume.subarray(from, to),
    turnover: r.turnover.subarray(from, to),
    complete: r.complete.subarray(from, to),
    minutes: r.minutes.subarray(from, to),
  };
}

/**
 * A resampler that serves views of `base` (subarrays of its tsMs buffer) from one resample per
 * timeframe; `resampleFn` (default the reference) computes each and everything else.
 */
export function cachedResampler(base: CandleColumns, resampleFn: CachedResampler = resample): CachedResampler {
  const full = new Map<number, ResampledColumns>();
  const baseTs = base.tsMs;
  return (cols, tfMinutes) => {
    const ts = cols.tsMs;
    const n = ts.length;
    const isView =
      tfMinutes > 1 &&
      n > 0 &&
      ts.buffer === baseTs.buffer &&
      ts.byteOffset >= baseTs.byteOffset &&
      ts.byteOffset + ts.byteLength <= baseTs.byteOffset + baseTs.byteLength;
    if (!isView || bucketStartMs(ts[0]!, tfMinutes) !== ts[0]) return resampleFn(cols, tfMinutes);
    let all = full.get(tfMinutes);
    if (all === undefined) {
      all = resampleFn(base, tfMinutes);
      full.set(tfMinutes, all);
    }
    const closeOfLastMs = ts[n - 1]! + MINUTE_MS;
    const from = lowerBound(all.tsMs, ts[0]!);
    const to = lowerBound(all.tsMs, closeOfLastMs - tfMinutes * MINUTE_MS + 1);
    return slice(all, from, Math.max(from, to));
  };
}
