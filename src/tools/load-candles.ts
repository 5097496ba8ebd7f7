// Candles for `trade indicator` / `trade structure`: the data layer's 1m loader plus its resampler
// (UTC epoch buckets, weeks from Monday 00:00 UTC), keeping only COMPLETE buckets (every minute
// present inside the window [fromMs, toMs)), in ascending open time.
import type { OhlcvColumns } from '../core';
import { loadCandles as load1m, resample, withReadStore } from '../data';
import { isoMs, isTimeframe, TIMEFRAME_MINUTES, type Timeframe } from '../domain';
import { DataError, TradeError } from '../errors';
import { emptyWindowMessage } from './parse-input';

export interface TfCandles extends OhlcvColumns {
  symbol: string;
  tf: Timeframe;
}

/** The one message for a window without complete candles (`indicator`, `structure`, `data candles`). */
export function noCandlesMessage(tf: string, symbol: string, fromMs: number, toMs: number, dbPath: string): string {
  return `no complete ${tf} candles for ${symbol} in [${isoMs(fromMs)}, ${isoMs(Math.min(toMs, 8.64e15))}) in ${dbPath}`;
}

export async function loadCandles(dbPath: string, symbol: string, tf: string, fromMs = 0, toMs = 8.64e15): Promise<TfCandles> {
  if (!isTimeframe(tf)) throw new TradeError('VALIDATION', `--tf '${tf}' (expected one of ${Object.keys(TIMEFRAME_MINUTES).join(', ')})`);
  for (const [what, v] of [
    ['from', fromMs],
    ['to', toMs],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new TradeError('VALIDATION', `--${what} ${v} (expected ms since epoch >= 0)`);
  }
  if (toMs <= fromMs) throw new TradeError('USAGE', emptyWindowMessage(fromMs, toMs));
  const minutes = await withReadStore(dbPath, (store) => load1m(store, symbol, fromMs, toMs));
  const r = tf === '1m' ? undefined : resample(minutes, TIMEFRAME_MINUTES[tf]);
  const keep: number[] = [];
  const n = r ? r.tsMs.length : minutes.tsMs.length;
  for (let i = 0; i < n; i++) if (!r || r.complete[i] === 1) keep.push(i);
  const src = r ?? minutes;
  const pick = (col: Float64Array) => Float64Array.from(keep, (i) => col[i]!);
  if (keep.length === 0) {
    throw new DataError('DATA_MISSING', noCandlesMessage(tf, symbol, fromMs, toMs, dbPath));
  }
  return {
    symbol,
    tf,
    tsMs: pick(src.tsMs),
    open: pick(src.open),
    high: pick(src.high),
    low: pick(src.low),
    close: pick(src.close),
    volume: pick(src.volume),
  };
}
