// STOPGAP: reads candles straight from the DuckDB store (table candles_1m, src/data/schema.ts) so
// `trade indicator` / `trade structure` work before the data layer's loader exists. The lead will
// switch callers to the data layer's loader and delete this file.
// Rules it follows (docs/cli.md): the window is [fromMs, toMs) on candle open times; tf != 1m is
// resampled in SQL on UTC epoch buckets (weeks start Monday 00:00 UTC) and only COMPLETE buckets
// (all tfMin one-minute rows present inside the window) are returned; ascending open times.
import type { OhlcvColumns } from '../core';
import { withStore } from '../data';
import { DAY_MS, isTimeframe, parseIsoMs, TIMEFRAME_MINUTES, type Timeframe, tfMs } from '../domain';
import { DataError, TradeError } from '../errors';

/** 1970-01-05 00:00 UTC was a Monday: week buckets are aligned on it. */
const WEEK_OFFSET_MS = 4 * DAY_MS;

export interface CandleColumns extends OhlcvColumns {
  symbol: string;
  tf: Timeframe;
}

function bucketSql(tf: Timeframe): string {
  const size = tfMs(tf);
  const offset = tf === '1w' ? WEEK_OFFSET_MS : 0;
  // ((x % size) + size) % size keeps the bucket start right for any sign of x - offset.
  return `ts_open_ms - (((ts_open_ms - ${offset}) % ${size}) + ${size}) % ${size}`;
}

/** The SQL for one symbol and window (numbers are validated integers, inlined; symbol is $1). */
export function candlesSql(tf: Timeframe, fromMs: number, toMs: number): string {
  const where = `symbol = $1 AND ts_open_ms >= ${fromMs} AND ts_open_ms < ${toMs}`;
  if (tf === '1m') {
    return `SELECT CAST(ts_open_ms AS DOUBLE) AS ts, open, high, low, close, volume FROM candles_1m WHERE ${where} ORDER BY ts_open_ms`;
  }
  return `WITH b AS (SELECT ${bucketSql(tf)} AS bucket, ts_open_ms, open, high, low, close, volume FROM candles_1m WHERE ${where})
    SELECT CAST(bucket AS DOUBLE) AS ts, arg_min(open, ts_open_ms) AS open, max(high) AS high, min(low) AS low,
      arg_max(close, ts_open_ms) AS close, sum(volume) AS volume
    FROM b GROUP BY bucket HAVING count(*) = ${TIMEFRAME_MINUTES[tf]} ORDER BY bucket`;
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
  const cols = await withStore(dbPath, async (store) => {
    const reader = await store.db.conn.runAndReadAll(candlesSql(tf, fromMs, toMs), [symbol]);
    return reader.getColumnsJS() as number[][];
  });
  const [ts = [], open = [], high = [], low = [], close = [], volume = []] = cols;
  if (ts.length === 0) {
    throw new DataError(
      'DATA_MISSING',
      `no complete ${tf} candles for ${symbol} in [${new Date(fromMs).toISOString()}, ${new Date(Math.min(toMs, 8.64e15)).toISOString()}) in ${dbPath}`,
    );
  }
  return {
    symbol,
    tf,
    tsMs: Float64Array.from(ts),
    open: Float64Array.from(open),
    high: Float64Array.from(high),
    low: Float64Array.from(low),
    close: Float64Array.from(close),
    volume: Float64Array.from(volume),
  };
}
