// Candles for `trade indicator` / `trade structure`: the data layer's 1m loader plus its resampler
// (UTC epoch buckets, weeks from Monday 00:00 UTC), keeping only COMPLETE buckets (every minute
// present inside the window [fromMs, toMs)), in ascending open time.
import type { OhlcvColumns } from '../core';
import { loadCandles as load1m, resample, withReadStore } from '../data';
import { isTimeframe, parseIsoMs, TIMEFRAME_MINUTES, type Timeframe } from '../domain';
import { DataError, TradeError } from '../errors';

export interface CandleColumns extends OhlcvColumns {
  symbol: string;
  tf: Timeframe;
}

/** `--from` / `--to` value: an ISO 8601 date or date-time (UTC unless zoned) or integer epoch ms. */
export function parseTimeMs(option: string, text: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : parseIsoMs(text);
  if (ms === undefined || !Number.isSafeInteger(ms)) {
    throw new TradeError('VALIDATION', `--${option} '${text}' (expected an ISO date like 2024-01-31 or 2024-01-31T12:00Z, or epoch ms)`);
  }
  return ms;
}

export async function loadCandles(dbPath: string, symbol: string, tf: string, fromMs = 0, toMs = 8.64e15): Promise<CandleColumns> {
  if (!isTimeframe(tf)) throw new TradeError('VALIDATION', `--tf '${tf}' (expected one of ${Object.keys(TIMEFRAME_MINUTES).join(', ')})`);
  for (const [what, v] of [
    ['from', fromMs],
    ['to', toMs],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new TradeError('VALIDATION', `--${what} ${v} (expected ms since epoch >= 0)`);
  }
  if (toMs <= fromMs) throw new TradeError('VALIDATION', `--to ${toMs} is not after --from ${fromMs}`);
  const minutes = await withReadStore(dbPath, (store) => load1m(store, symbol, fromMs, toMs));
  const r = tf === '1m' ? undefined : resample(minutes, TIMEFRAME_MINUTES[tf]);
  const keep: number[] = [];
  const n = r ? r.tsMs.length : minutes.tsMs.length;
  for (let i = 0; i < n; i++) if (!r || r.complete[i] === 1) keep.push(i);
  const src = r ?? minutes;
  const pick = (col: Float64Array) => Float64Array.from(keep, (i) => col[i]!);
  if (keep.length === 0) {
    throw new DataError(
      'DATA_MISSING',
      `no complete ${tf} candles for ${symbol} in [${new Date(fromMs).toISOString()}, ${new Date(Math.min(toMs, 8.64e15)).toISOString()}) in ${dbPath}`,
    );
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
