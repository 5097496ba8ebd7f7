// Bars of one symbol at a timeframe for [fromMs, toMs) (by bar open time), resampled from the stored
// 1m candles. Loads exactly the minutes the wanted buckets span, so a bucket is complete or not on
// its own merits; a bucket whose end is after the last stored minute is still open and not returned.
import { isoMs, MINUTE_MS } from '../domain';
import { DataError } from '../errors';
import { loadCandles } from './load';
import { bucketStartMs, type ResampledColumns, resample } from './resample';
import type { Store } from './store';

export interface BarsQuery {
  symbol: string;
  tfMinutes: number;
  fromMs?: number;
  toMs?: number;
}

export interface Bars extends ResampledColumns {
  symbol: string;
  tfMinutes: number;
  fromMs: number;
  toMs: number;
}

export async function storedRange(store: Store, symbol: string): Promise<{ firstMs: number; lastMs: number } | undefined> {
  const r = await store.db.rows<{ first: bigint | null; last: bigint | null }>(
    'SELECT min(ts_open_ms) AS first, max(ts_open_ms) AS last FROM candles_1m WHERE symbol = $1',
    [symbol],
  );
  const first = r[0]?.first;
  const last = r[0]?.last;
  return first == null || last == null ? undefined : { firstMs: Number(first), lastMs: Number(last) };
}

export async function bars(store: Store, q: BarsQuery): Promise<Bars> {
  const range = await storedRange(store, q.symbol);
  if (!range)
    throw new DataError('DATA_MISSING', `no 1m candles stored for ${q.symbol}; import some with trade data import`, { symbol: q.symbol });
  const fromMs = q.fromMs ?? range.firstMs;
  const toMs = q.toMs ?? range.lastMs + MINUTE_MS;
  if (toMs <= fromMs) throw new DataError('DATA_INVALID', `the window is empty: --to ${isoMs(toMs)} must be after --from ${isoMs(fromMs)}`);
  const tfMs = q.tfMinutes * MINUTE_MS;
  const loadTo = bucketStartMs(toMs - 1, q.tfMinutes) + tfMs;
  const all = resample(await loadCandles(store, q.symbol, fromMs, loadTo), q.tfMinutes);
  let lo = 0;
  while (lo < all.tsMs.length && (all.tsMs[lo] as number) < fromMs) lo++;
  let hi = lo;
  while (hi < all.tsMs.length && (all.tsMs[hi] as number) < toMs) hi++;
  return {
    symbol: q.symbol,
    tfMinutes: q.tfMinutes,
    fromMs,
    toMs,
    tsMs: all.tsMs.subarray(lo, hi),
    open: all.open.subarray(lo, hi),
    high: all.high.subarray(lo, hi),
    low: all.low.subarray(lo, hi),
    close: all.close.subarray(lo, hi),
    volume: all.volume.subarray(lo, hi),
    turnover: all.turnover.subarray(lo, hi),
    complete: all.complete.subarray(lo, hi),
    minutes: all.minutes.subarray(lo, hi),
  };
}
