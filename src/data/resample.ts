// Pure resampling of 1m candles to a higher timeframe on UTC epoch boundaries (1d at 00:00 UTC, 1w
// from Monday 00:00 UTC). One pass, O(n), no allocation per row. A bucket missing any minute is
// emitted with complete = 0 (the engine never uses it); the still-open bucket, whose end is after
// the close of the last input minute, is never emitted.
import type { CandleColumns } from '../domain';
import { DAY_MS, MINUTE_MS } from '../domain';
import { DataError } from '../errors';

/** Monday 1970-01-05 00:00 UTC: weeks are counted from here; every other timeframe from the epoch. */
export const WEEK_ANCHOR_MS = 4 * DAY_MS;

export function bucketAnchorMs(tfMinutes: number): number {
  return tfMinutes === 10080 ? WEEK_ANCHOR_MS : 0;
}

/** Open time of the bucket holding `tsMs`. */
export function bucketStartMs(tsMs: number, tfMinutes: number): number {
  const tf = tfMinutes * MINUTE_MS;
  const anchor = bucketAnchorMs(tfMinutes);
  return Math.floor((tsMs - anchor) / tf) * tf + anchor;
}

export interface ResampledColumns extends CandleColumns {
  /** 1 when every minute of the bucket was present, else 0. */
  complete: Uint8Array;
  /** Number of 1m bars in the bucket. */
  minutes: Int32Array;
}

export function resample(cols1m: CandleColumns, tfMinutes: number): ResampledColumns {
  if (!Number.isInteger(tfMinutes) || tfMinutes < 1)
    throw new DataError('DATA_INVALID', `resample: tfMinutes ${tfMinutes} must be a positive integer`);
  const ts = cols1m.tsMs;
  const n = ts.length;
  const tfMs = tfMinutes * MINUTE_MS;
  const anchor = bucketAnchorMs(tfMinutes);
  const closeOfLast = n > 0 ? (ts[n - 1] as number) + MINUTE_MS : 0;
  // Pass 1: count closed buckets (and check the input invariant) so the output is allocated once.
  // Bucket starts are computed by division only when a row leaves the current bucket.
  let buckets = 0;
  let end = Number.NEGATIVE_INFINITY;
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = ts[i] as number;
    if (t <= prev || Math.floor(t / MINUTE_MS) * MINUTE_MS !== t) {
      throw new DataError('DATA_INVALID', `resample: input row ${i} time ${t} is not on the minute or not after the previous row`);
    }
    prev = t;
    if (t >= end) {
      end = Math.floor((t - anchor) / tfMs) * tfMs + anchor + tfMs;
      if (end <= closeOfLast) buckets++;
    }
  }
  const out: ResampledColumns = {
    tsMs: new Float64Array(buckets),
    open: new Float64Array(buckets),
    high: new Float64Array(buckets),
    low: new Float64Array(buckets),
    close: new Float64Array(buckets),
    volume: new Float64Array(buckets),
    turnover: new Float64Array(buckets),
    complete: new Uint8Array(buckets),
    minutes: new Int32Array(buckets),
  };
  // Pass 2: fold each bucket in locals, written out when the next bucket starts (hot loop: no
  // property lookups per row). k counts emitted buckets; the open bucket and anything after it stop the loop.
  const { open, high, low, close, volume, turnover } = cols1m;
  let k = 0;
  let i = 0;
  while (i < n && k < buckets) {
    const b = Math.floor(((ts[i] as number) - anchor) / tfMs) * tfMs + anchor;
    const end = b + tfMs;
    const o = open[i] as number;
    let h = high[i] as number;
    let l = low[i] as number;
    let c = close[i] as number;
    let v = 0;
    let tv = 0;
    let m = 0;
    for (; i < n && (ts[i] as number) < end; i++) {
      const hi = high[i] as number;
      const lo = low[i] as number;
      if (hi > h) h = hi;
      if (lo < l) l = lo;
      c = close[i] as number;
      v += volume[i] as number;
      tv += turnover[i] as number;
      m++;
    }
    out.tsMs[k] = b;
    out.open[k] = o;
    out.high[k] = h;
    out.low[k] = l;
    out.close[k] = c;
    out.volume[k] = v;
    out.turnover[k] = tv;
    out.minutes[k] = m;
    k++;
  }
  for (let j = 0; j < buckets; j++) out.complete[j] = out.minutes[j] === tfMinutes ? 1 : 0;
  return out;
}
