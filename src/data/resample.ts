// Pure resampling of 1m candles to a higher timeframe on UTC epoch boundaries (1d at 00:00 UTC, 1w
// from Monday 00:00 UTC). One pass, O(n), no allocation per row. A bucket missing any minute is
// emitted with complete = 0 (the engine never uses it); the still-open bucket, whose end is after
// the close of the last input minute, is never emitted.
import { bucketAnchorMs, type CandleColumns, MINUTE_MS } from '../domain';
import { DataError } from '../errors';

export { bucketAnchorMs, bucketStartMs, WEEK_ANCHOR_MS } from '../domain';

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
  if (tfMinutes === 1) return oneMinute(cols1m);
  const tfMs = tfMinutes * MINUTE_MS;
  const anchor = bucketAnchorMs(tfMinutes);
  const closeOfLast = n > 0 ? (ts[n - 1] as number) + MINUTE_MS : 0;
  // One pass: fold each bucket in locals (no property lookups per row) and check the input
  // invariant on the way. Buckets never outnumber rows nor the bucket slots the time span covers.
  const first = n > 0 ? Math.floor(((ts[0] as number) - anchor) / tfMs) * tfMs + anchor : 0;
  const capacity = n > 0 ? Math.min(n, Math.floor(((ts[n - 1] as number) - first) / tfMs) + 1) : 0;
  const tsOut = new Float64Array(capacity);
  const openOut = new Float64Array(capacity);
  const highOut = new Float64Array(capacity);
  const lowOut = new Float64Array(capacity);
  const closeOut = new Float64Array(capacity);
  const volumeOut = new Float64Array(capacity);
  const turnoverOut = new Float64Array(capacity);
  const minutesOut = new Int32Array(capacity);
  const { open, high, low, close, volume, turnover } = cols1m;
  let k = 0;
  let i = 0;
  let prev = Number.NEGATIVE_INFINITY;
  while (i < n) {
    const b = Math.floor(((ts[i] as number) - anchor) / tfMs) * tfMs + anchor;
    const end = b + tfMs;
    const o = open[i] as number;
    let h = high[i] as number;
    let l = low[i] as number;
    let c = close[i] as number;
    let v = 0;
    let tv = 0;
    let m = 0;
    for (; i < n; i++) {
      const t = ts[i] as number;
      if (t >= end) break;
      if (t <= prev || Math.floor(t / MINUTE_MS) * MINUTE_MS !== t) {
        throw new DataError('DATA_INVALID', `resample: input row ${i} time ${t} is not on the minute or not after the previous row`);
      }
      prev = t;
      const hi = high[i] as number;
      const lo = low[i] as number;
      if (hi > h) h = hi;
      if (lo < l) l = lo;
      c = close[i] as number;
      v += volume[i] as number;
      tv += turnover[i] as number;
      m++;
    }
    // The still-open bucket (it ends after the close of the last input minute) is not emitted.
    if (end > closeOfLast) break;
    tsOut[k] = b;
    openOut[k] = o;
    highOut[k] = h;
    lowOut[k] = l;
    closeOut[k] = c;
    volumeOut[k] = v;
    turnoverOut[k] = tv;
    minutesOut[k] = m;
    k++;
  }
  const complete = new Uint8Array(k);
  for (let j = 0; j < k; j++) complete[j] = minutesOut[j] === tfMinutes ? 1 : 0;
  const out: ResampledColumns = {
    tsMs: tsOut.subarray(0, k),
    open: openOut.subarray(0, k),
    high: highOut.subarray(0, k),
    low: lowOut.subarray(0, k),
    close: closeOut.subarray(0, k),
    volume: volumeOut.subarray(0, k),
    turnover: turnoverOut.subarray(0, k),
    complete,
    minutes: minutesOut.subarray(0, k),
  };
  return out;
}

/** 1m "resampled" to 1m: the same columns (no copy), after the same input check. */
function oneMinute(cols1m: CandleColumns): ResampledColumns {
  const ts = cols1m.tsMs;
  const n = ts.length;
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = ts[i] as number;
    if (t <= prev || Math.floor(t / MINUTE_MS) * MINUTE_MS !== t) {
      throw new DataError('DATA_INVALID', `resample: input row ${i} time ${t} is not on the minute or not after the previous row`);
    }
    prev = t;
  }
  return { ...cols1m, complete: new Uint8Array(n).fill(1), minutes: new Int32Array(n).fill(1) };
}
